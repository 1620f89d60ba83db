package io.jrack.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code convox proxy} connection: the websocket's data messages (text, as Convox's clients send
 * them, or binary) are written to a TCP connection to the target, byte for byte; what the target sends
 * comes back as text messages of raw bytes, which is what those clients read (stdsdk AdapterWs: a
 * binary message is the end), or as binary messages to a client that offered the subprotocol
 * {@code binary}. An empty binary message from the client ends its side (a half close);
 * the target's end is an empty binary message, then a normal close. A target that cannot be resolved
 * or reached is an {@code ERROR: ...} text message, then the end.
 */
final class ProxyRelay implements FrameHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyRelay.class);
  private static final int CHUNK = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final Supplier<InetSocketAddress> target;
  private final String shown;
  /** The target's bytes go as binary messages (the client asked); else as text, as Convox's clients read them. */
  private final boolean binary;
  private volatile CoreSession session;
  private volatile Socket socket;
  private volatile OutputStream toTarget;

  ProxyRelay(Supplier<InetSocketAddress> target, String shown, boolean binary) {
    this.target = target;
    this.shown = shown;
    this.binary = binary;
  }

  @Override
  public void onOpen(CoreSession session, Callback callback) {
    this.session = session;
    callback.succeeded();
    // Nothing is read from the client until the target is connected: its first bytes wait in the socket.
    Thread.ofVirtual().name("proxy " + shown).start(this::relayFromTarget);
  }

  private void relayFromTarget() {
    InetSocketAddress address;
    Socket s = new Socket();
    try {
      address = target.get();
      s.connect(address, CONNECT_TIMEOUT_MS);
      s.setTcpNoDelay(true);
      toTarget = s.getOutputStream();
    } catch (RuntimeException e) {
      closeQuietly(s);
      send(new Frame(OpCode.TEXT, ProxySocket.refusal(e)));
      end();
      return;
    } catch (IOException e) {
      closeQuietly(s);
      send(new Frame(OpCode.TEXT, "ERROR: proxy: could not connect to " + shown + ": " + e.getMessage() + "\n"));
      end();
      return;
    }
    socket = s;
    LOG.info("proxy {} to {}", shown, address);
    session.demand(1);
    byte[] buf = new byte[CHUNK];
    try (InputStream in = s.getInputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0 && !send(new Frame(binary ? OpCode.BINARY : OpCode.TEXT, true, ByteBuffer.wrap(buf, 0, n)))) {
          break;
        }
      }
    } catch (IOException e) {
      // The target or the client went away: the end below.
    }
    end();
    closeQuietly(s);
  }

  /** Sends one frame and waits for it to be written (the target is read no faster than the client takes it). */
  private boolean send(Frame frame) {
    CoreSession s = session;
    if (s == null || !s.isOutputOpen()) {
      return false;
    }
    FutureCallback done = new FutureCallback();
    s.sendFrame(frame, done, false);
    try {
      done.get();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  private void end() {
    send(new Frame(OpCode.BINARY, true, ByteBuffer.allocate(0)));
    CoreSession s = session;
    if (s != null && s.isOutputOpen()) {
      s.close(CloseStatus.NORMAL, "", Callback.NOOP);
    }
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    try {
      switch (frame.getOpCode()) {
        case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> {
          if (frame.hasPayload()) {
            ByteBuffer payload = frame.getPayload();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            toTarget.write(bytes);
            toTarget.flush();
          } else if (frame.getOpCode() == OpCode.BINARY && frame.isFin()) {
            Socket s = socket;
            if (s != null && !s.isOutputShutdown()) {
              s.shutdownOutput();
            }
          }
        }
        case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG, true, frame.getPayload()), Callback.NOOP, false);
        default -> {
          // PONG and CLOSE: the session's own business.
        }
      }
    } catch (IOException e) {
      closeQuietly(socket);
    }
    callback.succeeded();
    if (frame.getOpCode() != OpCode.CLOSE) {
      session.demand(1);
    }
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    closeQuietly(socket);
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus closeStatus, Callback callback) {
    closeQuietly(socket);
    callback.succeeded();
  }

  @Override
  public boolean isDemanding() {
    return true;
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // Closed already.
      }
    }
  }
}
