package io.jrack.sdk;

import io.jrack.rack.ProviderException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Reads a Convox socket's text as lines: stdsdk's framing (text messages carry the stream, split
 * anywhere; an empty binary message ends it) and stdapi's failures ({@code ERROR: message}).
 */
final class SocketLines implements WebSocket.Listener {
  private static final String ERROR = "ERROR: ";

  private final Consumer<String> sink;
  private final StringBuilder pending = new StringBuilder();
  private final CompletableFuture<Void> end = new CompletableFuture<>();

  SocketLines(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    pending.append(data);
    int nl;
    try {
      while ((nl = pending.indexOf("\n")) >= 0) {
        String line = pending.substring(0, nl);
        pending.delete(0, nl + 1);
        if (line.startsWith(ERROR)) {
          end.completeExceptionally(new ProviderException(ProviderException.Kind.BAD_REQUEST, line.substring(ERROR.length())));
          return null;
        }
        sink.accept(line);
      }
    } catch (RuntimeException e) {
      end.completeExceptionally(e);
      return null;
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    finish();
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
    finish();
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    end.completeExceptionally(new ProviderException(ProviderException.Kind.UNAVAILABLE, "lost the rack's socket: " + error.getMessage()));
  }

  private void finish() {
    if (!pending.isEmpty() && !end.isDone()) {
      sink.accept(pending.toString());
      pending.setLength(0);
    }
    end.complete(null);
  }

  /** Blocks until the stream ends; rethrows what ended it badly. */
  void awaitEnd() throws InterruptedException {
    try {
      end.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "lost the rack's socket: " + e.getCause());
    }
  }
}
