package io.jrack.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 stream relayed to an {@code http:} or {@code https:} service as an HTTP/1.1 request on a
 * pooled keep-alive connection ({@link Http1Client}). It sees the stream as HTTP messages (Netty's
 * stream-to-HTTP codec sits before it): the request goes upstream with its hop-by-hop fields dropped and
 * {@code X-Forwarded-*} set as on HTTP/1.1; the response comes back as the stream's HEADERS, DATA and
 * trailers. Flow control both ways: the backend is read only while the stream can take more, and the
 * stream only while the backend can. The router's own answers (404, 502, 503, 504) are as on HTTP/1.1.
 */
final class H2ToHttp1 extends ChannelInboundHandlerAdapter {
  private static final int MAX_ATTEMPTS = 3;
  private static final int MAX_BUFFERED = 65536;
  private static final int MAX_RESPONSE_FIELDS = 65536;
  private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE);

  private final H2Context c;
  private final Target target;
  private final ArrayDeque<HttpObject> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private int pendingBytes;
  /** A body-less idempotent request, kept to send again when a pooled connection turns out closed. */
  private FullHttpRequest again;
  private Http1Client backend;
  private InetSocketAddress address;
  private InetSocketAddress counted;
  private int attempts;
  private boolean requestDone;
  private boolean responseStarted;
  private boolean skipInterimEnd;
  /** The exchange is over (answered, failed or reset): nothing more goes either way. */
  private boolean over;
  private ScheduledFuture<?> timeout;

  H2ToHttp1(H2Context c, Target target) {
    this.c = c;
    this.target = target;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (over) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof LastHttpContent) {
      requestDone = true;
    }
    if (msg instanceof HttpRequest req) {
      begin(req);
    } else {
      forward((HttpObject) msg);
    }
  }

  private void begin(HttpRequest req) {
    InetSocketAddress first = target == null ? null : target.next();
    if (first == null) {
      ReferenceCountUtil.release(req);
      answer(target == null ? 404 : 503, target == null ? "no such host\n" : "no healthy process for " + target.service + "\n");
      return;
    }
    long max = c.limits().maxBodySize();
    if (max > 0 && HttpUtil.getContentLength(req, -1L) > max) {
      ReferenceCountUtil.release(req);
      answer(413, "request body too large (limit " + max + " bytes)\n");
      return;
    }
    upstreamHeaders(req.headers());
    if (req instanceof FullHttpRequest full && !full.content().isReadable() && IDEMPOTENT.contains(req.method())) {
      // The head's fields are shared, not copied: nothing changes them once they are upstream's.
      again = new DefaultFullHttpRequest(full.protocolVersion(), full.method(), full.uri(), Unpooled.EMPTY_BUFFER, full.headers(), full.trailingHeaders());
    }
    forward(req);
    connect(first, true);
  }

  /** As {@link ForwardedHeaders} does for HTTP/1.1: the client's X-Forwarded-For kept and extended, Proto and Port the router's. */
  private void upstreamHeaders(HttpHeaders h) {
    for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
      h.remove(n.text());
    }
    h.remove(HttpHeaderNames.TE);
    h.remove(HttpHeaderNames.CONNECTION);
    h.remove("keep-alive");
    h.remove("proxy-connection");
    h.remove(HttpHeaderNames.UPGRADE);
    String xff = String.join(", ", h.getAll("x-forwarded-for"));
    h.set("x-forwarded-for", xff.isEmpty() ? c.client() : xff + ", " + c.client());
    h.set("x-forwarded-proto", c.scheme());
    h.set("x-forwarded-port", c.listenerPort());
  }

  private void forward(HttpObject part) {
    if (backend == null) {
      pending.add(part);
      if (part instanceof HttpContent content) {
        pendingBytes += content.content().readableBytes();
        if (pendingBytes >= MAX_BUFFERED) {
          ctx.channel().config().setAutoRead(false);
        }
      }
      return;
    }
    Channel ch = backend.channel();
    ch.write(part, ch.voidPromise());
    if (!ch.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.channel().flush();
    }
  }

  private void connect(InetSocketAddress next, boolean mayReuse) {
    attempts++;
    address = next;
    count(next);
    Http1Client pooled = mayReuse ? c.http1().acquire(next) : null;
    if (pooled != null) {
      attach(pooled);
      return;
    }
    boolean tls = target.scheme() == Scheme.HTTPS;
    Bootstrap b = new Bootstrap()
        .group(ctx.channel().eventLoop())
        .channel(Transport.client())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) c.limits().connectTimeout().toMillis())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls) {
              BackendTls.addTo(ch, next);
            }
            ch.pipeline().addLast(new HttpClientCodec(8192, MAX_RESPONSE_FIELDS, 65536));
            ch.pipeline().addLast(new Http1Client(next, c.http1(), c.errors()));
          }
        });
    b.connect(next).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        attach(f.channel().pipeline().get(Http1Client.class));
      } else {
        connectFailed(next, f.cause());
      }
    });
  }

  private void attach(Http1Client h) {
    if (over) {
      c.http1().release(h);
      return;
    }
    backend = h;
    h.bind(this);
    Channel ch = h.channel();
    ch.config().setAutoRead(ctx.channel().isWritable());
    HttpObject part;
    while ((part = pending.poll()) != null) {
      ch.write(part, ch.voidPromise());
    }
    pendingBytes = 0;
    ch.flush();
    ctx.channel().config().setAutoRead(ch.isWritable());
    long ms = c.limits().responseTimeout().toMillis();
    timeout = ctx.executor().schedule(() -> {
      if (!responseStarted && !over) {
        finishBackend(false);
        answer(504, "gateway timeout: " + target.service + " did not answer in " + c.limits().responseTimeout().toSeconds() + "s\n");
      }
    }, ms, TimeUnit.MILLISECONDS);
  }

  private void connectFailed(InetSocketAddress failed, Throwable cause) {
    if (over) {
      return;
    }
    if (attempts < MAX_ATTEMPTS && cause instanceof ConnectException) {
      InetSocketAddress other = target.nextExcept(failed);
      if (other != null) {
        connect(other, true);
        return;
      }
    }
    uncount();
    answer(502, "bad gateway: " + target.service + " did not accept the connection\n");
  }

  // ---- the backend's side, called by Http1Client

  void fromBackend(Http1Client from, HttpObject msg) {
    if (from != backend || over) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      failed("bad gateway: " + target.service + " sent an invalid response (" + msg.decoderResult().cause().getMessage() + ")\n");
      return;
    }
    if (msg instanceof HttpResponse r) {
      if (r.status().code() < 200) {
        // 100 Continue is passed on (whole, as the HTTP/2 codec wants it); other interim answers are not.
        if (r.status().code() == 100) {
          ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        skipInterimEnd = true;
        ReferenceCountUtil.release(msg);
        return;
      }
      responseStarted = true;
      cancelTimeout();
    }
    if (msg instanceof LastHttpContent && skipInterimEnd) {
      skipInterimEnd = false;
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.write(msg, ctx.voidPromise());
    if (msg instanceof LastHttpContent) {
      ctx.flush();
      finishBackend(requestDone);
      over = true;
    }
  }

  void flush() {
    ctx.flush();
  }

  void backendWritability(boolean writable) {
    if (!over) {
      ctx.channel().config().setAutoRead(writable);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.channel().config().setAutoRead(ctx.channel().isWritable());
    }
  }

  /** The backend closed before the response ended: a stale pooled connection (tried again when safe), or a process gone. */
  void backendClosed(Http1Client closed) {
    if (closed != backend || over) {
      return;
    }
    backend = null;
    cancelTimeout();
    if (!responseStarted && again != null && requestDone && attempts < MAX_ATTEMPTS) {
      InetSocketAddress other = target.nextExcept(address);
      pending.add(again.replace(Unpooled.EMPTY_BUFFER));
      connect(other != null ? other : address, false);
      return;
    }
    uncount();
    failed("bad gateway: " + target.service + " closed the connection\n");
  }

  /** 502 when nothing of the response was sent yet; else the stream is reset (the client sees it cut short). */
  private void failed(String why) {
    finishBackend(false);
    if (responseStarted) {
      over = true;
      ctx.close();
    } else {
      answer(502, why);
    }
  }

  private void finishBackend(boolean reusable) {
    cancelTimeout();
    uncount();
    if (backend != null) {
      Http1Client h = backend;
      backend = null;
      h.unbind(reusable);
    }
  }

  private void answer(int status, String body) {
    over = true;
    releasePending();
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    res.headers().set(HttpHeaderNames.SERVER, "jrack");
    ctx.writeAndFlush(res);
  }

  /** The stream ended or was reset by the client: whatever is still open upstream is closed. */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    over = true;
    finishBackend(false);
    releasePending();
    ctx.fireChannelInactive();
  }

  private void releasePending() {
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
    pendingBytes = 0;
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void count(InetSocketAddress b) {
    uncount();
    counted = b;
    c.inFlight().start(b);
  }

  private void uncount() {
    if (counted != null) {
      c.inFlight().end(counted);
      counted = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    c.errors().caught("client", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
