package io.jrack.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through the router: each request is routed (by Host on public listeners,
 * to a fixed service on an internal endpoint), sent on a pooled keep-alive connection to the next
 * healthy process, and the response streamed back. Requests on one connection are served in
 * order; a WebSocket upgrade turns the connection into a byte tunnel.
 *
 * <p>Longer than the house limit on purpose: it is one state machine (request, upstream, response,
 * retry, drain count), and splitting it would spread one connection's state over several classes.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
  /** Finds the service a request is for; null means 404. */
  interface Resolver {
    Target resolve(HttpRequest request);
  }

  private final Resolver resolver;
  private final String scheme;
  private final int listenerPort;
  private final RouterLimits limits;
  private final InFlight inFlight;

  private ChannelHandlerContext ctx;
  /** The backend this connection's request is counted against, or null. */
  private InetSocketAddress counted;
  private BackendPool pool;
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
  private final List<HttpContent> buffered = new ArrayList<>();

  private HttpRequest current;
  private Target target;
  private InetSocketAddress address;
  private Channel backend;
  private boolean keepAlive;
  private boolean requestComplete;
  private boolean responseStarted;
  private boolean interim;
  private boolean backendReusable;
  private boolean discarding;
  private int attempts;
  private boolean tunnel;
  /** When the request in flight was sent upstream (nanoTime), or 0 when none is waiting for an answer. */
  private long sentAt;
  /** One periodic check per connection instead of a timer per request: timers are costly on the hot path. */
  private ScheduledFuture<?> watchdog;
  private SlowClientGuard guard;
  private ForwardedHeaders forwarded;
  private long bodyBytes;
  /** When this connection last finished an exchange or opened (nanoTime): the idle timeout counts from it. */
  private long idleSince;

  ProxyHandler(Resolver resolver, String scheme, int listenerPort, RouterLimits limits, InFlight inFlight) {
    this.resolver = resolver;
    this.scheme = scheme;
    this.listenerPort = listenerPort;
    this.limits = limits;
    this.inFlight = inFlight;
  }

  /** Counts the request against {@code backend} (and no longer against any other). */
  private void count(InetSocketAddress backend) {
    uncount();
    counted = backend;
    inFlight.start(backend);
  }

  private void uncount() {
    if (counted != null) {
      inFlight.end(counted);
      counted = null;
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.pool = BackendPool.of(ctx.channel().eventLoop());
    this.guard = ctx.pipeline().get(SlowClientGuard.class);
    this.forwarded = new ForwardedHeaders(ctx.channel(), scheme, listenerPort);
    this.idleSince = System.nanoTime();
    long shortest = Math.min(limits.responseTimeout().toMillis(), limits.idleTimeout().toMillis());
    long period = Math.max(50, Math.min(1000, shortest / 4));
    this.watchdog = ctx.executor().scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * The response and idle timeouts, checked periodically rather than with Netty's IdleStateHandler,
   * which adds a listener to every write and reads the clock on every read: costs paid per request.
   */
  private void check() {
    long now = System.nanoTime();
    if (sentAt != 0 && now - sentAt > limits.responseTimeout().toNanos()) {
      responseTimedOut();
    } else if (current == null && !tunnel && pipelined.isEmpty() && now - idleSince > limits.idleTimeout().toNanos()) {
      // A keep-alive connection with nothing in flight for the idle timeout.
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (tunnel) {
      if (backend != null) {
        backend.writeAndFlush(msg);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (current != null && msg instanceof HttpRequest || !pipelined.isEmpty()) {
      // A pipelined request: served once the one in flight is answered.
      pipelined.add(msg);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    if (msg instanceof HttpRequest request) {
      begin(request);
    }
    if (msg instanceof HttpContent content) {
      content(content);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void begin(HttpRequest request) {
    if (guard != null) {
      guard.headersDone();
    }
    bodyBytes = 0;
    current = request;
    requestComplete = false;
    responseStarted = false;
    interim = false;
    attempts = 0;
    discarding = false;
    if (request.decoderResult().isFailure()) {
      keepAlive = false;
      reject(failureStatus(request.decoderResult().cause()), "bad request\n");
      return;
    }
    if (request.protocolVersion().majorVersion() != 1) {
      keepAlive = false;
      reject(HttpResponseStatus.BAD_REQUEST, "unsupported HTTP version " + request.protocolVersion().text() + "\n");
      return;
    }
    keepAlive = HttpUtil.isKeepAlive(request);
    if (limits.maxBodySize() > 0 && HttpUtil.getContentLength(request, 0L) > limits.maxBodySize()) {
      keepAlive = false;
      reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large (limit " + limits.maxBodySize() + " bytes)\n");
      return;
    }
    target = resolver.resolve(request);
    if (target == null) {
      reject(HttpResponseStatus.NOT_FOUND, "no such host\n");
      return;
    }
    InetSocketAddress next = target.next();
    if (next == null) {
      reject(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy process for " + target.service + "\n");
      return;
    }
    forwarded.apply(request);
    connect(next, true);
  }

  private static HttpResponseStatus failureStatus(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    if (cause instanceof TooLongHttpLineException) {
      return HttpResponseStatus.REQUEST_URI_TOO_LONG;
    }
    return cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
  }

  private void connect(InetSocketAddress next, boolean mayReuse) {
    attempts++;
    address = next;
    if (!tunnel) {
      count(next);
    }
    Channel pooled = mayReuse ? pool.acquire(next) : null;
    if (pooled != null) {
      attach(pooled, true);
      return;
    }
    Bootstrap b = new Bootstrap()
        .group(ctx.channel().eventLoop())
        .channel(Transport.client())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.connectTimeout().toMillis())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(limits.maxInitialLineLength(), 65536, 8192), new BackendHandler(next, pool));
          }
        });
    b.connect(next).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        attach(f.channel(), false);
      } else {
        connectFailed(next, f.cause());
      }
    });
  }

  private void attach(Channel ch, boolean wasPooled) {
    if (current == null || !ctx.channel().isActive()) {
      pool.release(address, ch);
      return;
    }
    backend = ch;
    ch.pipeline().get(BackendHandler.class).bind(this);
    ReferenceCountUtil.retain(current);
    ch.write(current);
    if (requestComplete && buffered.isEmpty()) {
      // A retry: the body-less request ended on the previous connection; end it on this one too.
      ch.write(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    for (HttpContent c : buffered) {
      ch.write(c);
    }
    buffered.clear();
    ch.flush();
    sentAt = System.nanoTime();
  }

  private void connectFailed(InetSocketAddress failed, Throwable cause) {
    if (current == null) {
      return;
    }
    if (mayRetry() && cause instanceof ConnectException) {
      InetSocketAddress other = target.nextExcept(failed);
      if (other != null) {
        connect(other, true);
        return;
      }
    }
    releaseBuffered();
    uncount();
    reject(HttpResponseStatus.BAD_GATEWAY, "bad gateway: " + target.service + " did not accept the connection\n");
  }

  /** At most three tries per request, only for methods that may be repeated and with no body to replay. */
  private boolean mayRetry() {
    return attempts < 3 && bodyBytes == 0 && idempotent(current.method());
  }

  private static boolean idempotent(HttpMethod m) {
    return m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS) || m.equals(HttpMethod.PUT) || m.equals(HttpMethod.DELETE);
  }

  private void content(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (discarding || current == null) {
      content.release();
      if (last && current != null) {
        requestComplete = true;
        if (responseStarted || discarding) {
          finishIfDone();
        }
      }
      return;
    }
    if (content.decoderResult().isFailure()) {
      // Invalid chunking or a body the codec could not read: the upstream request is abandoned.
      content.release();
      abandonBackend();
      keepAlive = false;
      if (responseStarted) {
        ctx.close();
      } else {
        reject(HttpResponseStatus.BAD_REQUEST, "bad request body\n");
      }
      return;
    }
    if (last) {
      requestComplete = true;
    }
    bodyBytes += content.content().readableBytes();
    if (limits.maxBodySize() > 0 && bodyBytes > limits.maxBodySize() && !responseStarted) {
      // A chunked body over the limit: the upstream request is abandoned.
      content.release();
      abandonBackend();
      keepAlive = false;
      reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large (limit " + limits.maxBodySize() + " bytes)\n");
      return;
    }
    if (backend != null) {
      backend.write(content);
      if (!backend.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    } else {
      buffered.add(content);
    }
  }

  /** Drops the upstream side of a request that will not be completed. */
  private void abandonBackend() {
    if (backend != null) {
      Channel b = backend;
      backend = null;
      b.pipeline().get(BackendHandler.class).unbind();
      b.close();
    }
    cancelTimer();
    uncount();
    releaseBuffered();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.flush();
    }
  }

  // ---- backend side

  void fromBackend(Channel from, Object msg) {
    if (from != backend) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (tunnel || msg instanceof ByteBuf) {
      ctx.write(msg);
      return;
    }
    if (msg instanceof HttpResponse response) {
      cancelTimer();
      responseStarted = true;
      int code = response.status().code();
      interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL && code != 101;
      if (code == 101) {
        // A tunnel may last for hours; it does not hold up the process's drain.
        uncount();
        tunnel = true;
        ctx.write(msg);
        ctx.flush();
        startTunnel();
        return;
      }
      backendReusable = HttpUtil.isKeepAlive(response);
      if (!interim) {
        response.headers().remove(HttpHeaderNames.KEEP_ALIVE);
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (current.protocolVersion().minorVersion() == 0 && HttpUtil.isTransferEncodingChunked(response)) {
          // An HTTP/1.0 client cannot read chunks: the end of the body is the end of the connection.
          keepAlive = false;
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
      }
    }
    ctx.write(msg);
    if (msg instanceof LastHttpContent) {
      if (interim) {
        interim = false;
        responseStarted = false;
        return;
      }
      responseDone();
    }
  }

  private void responseDone() {
    uncount();
    Channel b = backend;
    backend = null;
    b.pipeline().get(BackendHandler.class).unbind();
    if (backendReusable && requestComplete && b.isActive()) {
      pool.release(address, b);
    } else {
      b.close();
    }
    if (!keepAlive) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      current = null;
      return;
    }
    ctx.flush();
    if (!requestComplete) {
      discarding = true;
      return;
    }
    next();
  }

  void flushFront() {
    ctx.flush();
  }

  void backendWritability(boolean writable) {
    ctx.channel().config().setAutoRead(writable && pipelined.isEmpty());
  }

  void backendClosed(Channel closed) {
    if (closed != backend) {
      return;
    }
    backend = null;
    uncount();
    cancelTimer();
    if (tunnel) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (!responseStarted && current != null) {
      // Closed before any answer: a stale pooled connection, or a process that just died. An
      // idempotent request whose body was sent whole is safe to send again, preferably elsewhere.
      if (requestComplete && mayRetry()) {
        InetSocketAddress other = target.nextExcept(address);
        connect(other != null ? other : address, false);
        return;
      }
      reject(HttpResponseStatus.BAD_GATEWAY, "bad gateway: " + target.service + " closed the connection\n");
      return;
    }
    ctx.close();
  }

  private void responseTimedOut() {
    if (backend != null && !responseStarted) {
      uncount();
      Channel b = backend;
      backend = null;
      b.close();
      keepAlive = false;
      reject(HttpResponseStatus.GATEWAY_TIMEOUT, "gateway timeout: " + target.service + " did not answer in " + limits.responseTimeout().toSeconds() + "s\n");
    }
  }

  private void cancelTimer() {
    sentAt = 0;
  }

  private void startTunnel() {
    ctx.pipeline().remove(HttpServerCodec.class);
    Channel b = backend;
    if (b != null) {
      b.pipeline().remove(HttpClientCodec.class);
    }
    ctx.channel().config().setAutoRead(true);
  }

  // ---- answers of the router's own

  private void reject(HttpResponseStatus status, String body) {
    responseStarted = true;
    discarding = true;
    boolean keep = keepAlive && status.code() < 500 || keepAlive && status.code() == 503;
    keepAlive = keep;
    ctx.writeAndFlush(Responses.plain(status, body, keep)).addListener(f -> {
      if (!keep) {
        ctx.close();
      }
    });
    if (requestComplete) {
      finishIfDone();
    }
  }

  private void finishIfDone() {
    if (!keepAlive) {
      current = null;
      return;
    }
    next();
  }

  /** The exchange is over: serve what was pipelined, then read again. */
  private void next() {
    if (current != null) {
      ReferenceCountUtil.release(current);
    }
    current = null;
    discarding = false;
    idleSince = System.nanoTime();
    if (guard != null) {
      guard.awaitNext();
    }
    // Serve the next request with its body parts; the one after it waits for its turn.
    while (!pipelined.isEmpty()) {
      Object msg = pipelined.peek();
      if (msg instanceof HttpRequest && current != null) {
        break;
      }
      pipelined.poll();
      if (msg instanceof HttpRequest r) {
        begin(r);
      }
      if (msg instanceof HttpContent c) {
        content(c);
      }
    }
    if (pipelined.isEmpty()) {
      ctx.channel().config().setAutoRead(true);
      ctx.read();
    }
  }

  private void releaseBuffered() {
    buffered.forEach(ReferenceCountUtil::release);
    buffered.clear();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    uncount();
    releaseBuffered();
    pipelined.forEach(ReferenceCountUtil::release);
    pipelined.clear();
    if (backend != null) {
      backend.pipeline().get(BackendHandler.class).unbind();
      backend.close();
      backend = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
