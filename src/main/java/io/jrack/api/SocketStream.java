package io.jrack.api;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.jrack.rack.ProviderException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Convox {@code SOCKET} route that streams text to the client (stdapi's websocket routes): each
 * chunk a text message, a failure as the text {@code ERROR: message}, and the end as an empty binary
 * message, which the Convox client reads as end of stream, before the close.
 */
final class SocketStream {
  private static final Logger LOG = LoggerFactory.getLogger(SocketStream.class);

  /** What a socket route does once connected: write to {@code out} until done. */
  interface Body {
    void run(WsContext ctx, Consumer<String> out) throws Exception;
  }

  /** A socket route that also reads what the client sends ({@code exec}): its input as a stream. */
  interface Interactive {
    void run(WsContext ctx, java.io.InputStream in, Consumer<String> out) throws Exception;
  }

  private SocketStream() {}

  /** As {@link #of}, with the client's text messages as {@code in} (an empty binary message ends it). */
  static Consumer<WsConfig> interactive(Interactive body) {
    return ws -> {
      // The input exists before the body's thread starts: a message can come right after the handshake.
      ws.onConnect(ctx -> {
        ctx.attribute("input", new SocketInput());
        start(ctx, (c, out) -> body.run(c, c.attribute("input"), out));
      });
      ws.onMessage(ctx -> ((SocketInput) ctx.attribute("input")).text(ctx.message()));
      ws.onBinaryMessage(ctx -> ((SocketInput) ctx.attribute("input")).end());
      ws.onClose(ctx -> {
        SocketInput in = ctx.attribute("input");
        if (in != null) {
          in.end();
        }
        stop(ctx);
      });
    };
  }

  /** Runs {@code body} on its own virtual thread per connection, interrupted when the client goes. */
  static Consumer<WsConfig> of(Body body) {
    return ws -> {
      ws.onConnect(ctx -> start(ctx, body));
      ws.onClose(SocketStream::stop);
    };
  }

  private static void stop(WsContext ctx) {
    Thread t = ctx.attribute("thread");
    if (t != null) {
      t.interrupt();
    }
  }

  private static void start(WsContext ctx, Body body) {
    ctx.session.setIdleTimeout(java.time.Duration.ZERO);
    Thread t = Thread.ofVirtual().name("socket " + ctx.matchedPath()).start(() -> serve(ctx, body));
    ctx.attribute("thread", t);
  }

  private static void serve(WsContext ctx, Body body) {
    try {
      body.run(ctx, text -> {
        if (!ctx.session.isOpen()) {
          throw new IllegalStateException("the client went away");
        }
        ctx.send(text);
      });
    } catch (ProviderException | ApiServer.BadInput e) {
      sendQuietly(ctx, "ERROR: " + e.getMessage() + "\n");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (ctx.session.isOpen()) {
        LOG.error("internal error on socket {}", ctx.matchedPath(), e);
        sendQuietly(ctx, "ERROR: internal error: " + e.getClass().getSimpleName() + "\n");
      }
    } finally {
      if (ctx.session.isOpen()) {
        try {
          ctx.send(ByteBuffer.allocate(0));
          ctx.closeSession(1000, "");
        } catch (Exception e) { // WsContext.send throws IOException undeclared (Kotlin)
          LOG.debug("socket {} closed before its end", ctx.matchedPath());
        }
      }
    }
  }

  private static void sendQuietly(WsContext ctx, String text) {
    try {
      if (ctx.session.isOpen()) {
        ctx.send(text);
      }
    } catch (Exception e) { // WsContext.send throws IOException undeclared (Kotlin)
      LOG.debug("socket {} closed before its error", ctx.matchedPath());
    }
  }
}
