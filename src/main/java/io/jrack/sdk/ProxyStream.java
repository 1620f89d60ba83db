package io.jrack.sdk;

import io.jrack.rack.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * One {@code convox proxy} connection over Convox's proxy socket, from the client's side: the local
 * connection's bytes go up as binary messages (an empty one when it ends), and, the socket opened with the
 * subprotocol {@code binary}, the target's bytes come down as binary messages until an empty one. A
 * text message is the rack refusing ({@code ERROR: ...}): thrown.
 */
final class ProxyStream implements WebSocket.Listener {
  private static final String ERROR = "ERROR: ";

  private final OutputStream out;
  private final CompletableFuture<Void> end = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();

  ProxyStream(OutputStream out) {
    this.out = out;
  }

  /** Sends what {@code in} gives, on its own thread, then the end of input. */
  static void feed(WebSocket ws, InputStream in) {
    Thread.ofVirtual().name("proxy-up").start(() -> {
      byte[] buf = new byte[16 * 1024];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (n > 0) {
            ws.sendBinary(ByteBuffer.wrap(buf.clone(), 0, n), true).join();
          }
        }
      } catch (IOException | RuntimeException e) {
        // The local connection or the socket ended first.
      }
      try {
        ws.sendBinary(ByteBuffer.allocate(0), true).join();
      } catch (RuntimeException e) {
        // Closed already.
      }
    });
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    if (!data.hasRemaining() && last) {
      end.complete(null);
      return null;
    }
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      end.complete(null);
      return null;
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      String message = text.toString().strip();
      end.completeExceptionally(new ProviderException(ProviderException.Kind.BAD_REQUEST,
          message.startsWith(ERROR) ? message.substring(ERROR.length()) : message));
      return null;
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
    end.complete(null);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    end.completeExceptionally(new ProviderException(ProviderException.Kind.UNAVAILABLE, "lost the rack's socket: " + error.getMessage()));
  }

  /** Blocks until either side ends; rethrows the rack's refusal. */
  void awaitEnd() throws InterruptedException {
    try {
      end.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
