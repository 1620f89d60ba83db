package io.jrack.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP (RFC 7766): each message preceded by its two-byte length, several per connection,
 * answered in order. A source outside the allowed networks is closed on accept. Bounded: at most
 * {@code maxConnections} at once (more are closed on accept); a connection idle longer than
 * {@code idleTimeout} or sending a query longer than {@link DefaultRackResolver#MAX_QUERY},
 * malformed, or over its source's rate is closed.
 */
final class TcpConnections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpConnections.class);
  private final ServerSocketChannel server;
  private final QueryHandler handler;
  private final SourceFilter allowed;
  private final SourceRateLimit rateLimit;
  private final Semaphore slots;
  private final int idleMillis;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  TcpConnections(ServerSocketChannel server, QueryHandler handler, SourceFilter allowed, SourceRateLimit rateLimit,
      int maxConnections, Duration idleTimeout) {
    this.server = server;
    this.handler = handler;
    this.allowed = allowed;
    this.rateLimit = rateLimit;
    this.slots = new Semaphore(maxConnections);
    this.idleMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
  }

  void start() {
    Thread.ofVirtual().name("dns-tcp-accept").start(this::accept);
  }

  private void accept() {
    while (server.isOpen()) {
      Socket socket;
      try {
        socket = server.accept().socket();
      } catch (IOException e) {
        continue;
      }
      if (!allowed.allows(socket.getInetAddress()) || !slots.tryAcquire()) {
        closeQuietly(socket);
        continue;
      }
      open.add(socket);
      Thread.ofVirtual().start(() -> {
        try {
          serve(socket);
        } finally {
          open.remove(socket);
          closeQuietly(socket);
          slots.release();
        }
      });
    }
  }

  private void serve(Socket socket) {
    try {
      // A socket from a channel honours the timeout only through its adaptor's streams, which we use.
      socket.setSoTimeout(idleMillis);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        int length = in.readUnsignedShort();
        if (length == 0 || length > DefaultRackResolver.MAX_QUERY) {
          return;
        }
        byte[] query = new byte[length];
        in.readFully(query);
        if (!rateLimit.allow(socket.getInetAddress())) {
          return;
        }
        byte[] answer = handler.handle(ByteBuffer.wrap(query), true).get(idleMillis, TimeUnit.MILLISECONDS);
        if (answer == null) {
          return;
        }
        byte[] framed = new byte[answer.length + 2];
        framed[0] = (byte) (answer.length >>> 8);
        framed[1] = (byte) answer.length;
        System.arraycopy(answer, 0, framed, 2, answer.length);
        out.write(framed);
        out.flush();
      }
    } catch (EOFException | SocketTimeoutException | TimeoutException | ExecutionException e) {
      // The client finished, went quiet, or its forwarded answer never came: the connection ends.
    } catch (IOException e) {
      // Reset by the client.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("dns tcp query from {}: {}", socket.getInetAddress(), e.toString());
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    open.forEach(TcpConnections::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing anyway.
    }
  }
}
