package io.jrack.sdk;

import io.jrack.rack.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Convox's exec socket from the client's side (sdk.WebsocketExit): stdin goes up as text messages and
 * ends with an empty binary message; the output comes down as text until the exit code line
 * {@code F1E49A85-0AD7-4AEF-A618-C249C6E6568D:CODE}; an {@code ERROR: } message with no exit code after
 * it is the rack refusing.
 */
final class ExecSocket implements WebSocket.Listener {
  static final String EXIT_CODE = "F1E49A85-0AD7-4AEF-A618-C249C6E6568D:";

  private final OutputStream out;
  private final CompletableFuture<Integer> end = new CompletableFuture<>();
  private final StringBuilder message = new StringBuilder();
  private String pendingError;
  private Integer code;

  ExecSocket(OutputStream out) {
    this.out = out;
  }

  /** Sends {@code in} as the command's stdin, on its own thread, then the end of input. */
  static void feed(WebSocket ws, InputStream in) {
    Thread.ofVirtual().name("exec-stdin").start(() -> {
      char[] buf = new char[4096];
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        int n;
        while ((n = r.read(buf)) >= 0) {
          ws.sendText(new String(buf, 0, n), true).join();
        }
      } catch (IOException | RuntimeException e) {
        // The socket or the input ended first: nothing more to send.
      }
      try {
        ws.sendBinary(ByteBuffer.allocate(0), true).join();
      } catch (RuntimeException e) {
        // Closed already.
      }
    });
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    message.append(data);
    if (last) {
      String text = message.toString();
      message.setLength(0);
      try {
        handle(text);
      } catch (IOException e) {
        end.completeExceptionally(e);
        return null;
      }
    }
    ws.request(1);
    return null;
  }

  private void handle(String text) throws IOException {
    if (pendingError != null) {
      write(pendingError);
      pendingError = null;
    }
    int marker = text.indexOf(EXIT_CODE);
    if (marker >= 0) {
      write(text.substring(0, marker));
      try {
        code = Integer.parseInt(text.substring(marker + EXIT_CODE.length()).strip());
      } catch (NumberFormatException e) {
        throw new IOException("unreadable exit code from the rack: " + text.substring(marker));
      }
      return;
    }
    if (text.startsWith("ERROR: ") && code == null) {
      pendingError = text;
      return;
    }
    write(text);
  }

  private void write(String text) throws IOException {
    if (!text.isEmpty()) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
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
    if (code == null && pendingError != null) {
      end.completeExceptionally(new ProviderException(ProviderException.Kind.BAD_REQUEST, pendingError.substring("ERROR: ".length()).strip()));
    } else if (code == null) {
      end.completeExceptionally(new ProviderException(ProviderException.Kind.UNAVAILABLE, "the rack ended the exec without an exit code"));
    } else {
      end.complete(code);
    }
  }

  void awaitEnd() throws InterruptedException {
    try {
      end.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "exec failed: " + e.getCause().getMessage());
    }
  }

  /** The command's exit code; 130 (interrupted) when the wait for it was. */
  int code() {
    return code == null ? 130 : code;
  }
}
