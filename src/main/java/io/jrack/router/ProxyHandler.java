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
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through the router: each request is routed (by Host on public listeners,
 * to a fixed service on an internal endpoint), sent on a pooled keep-alive connection to the next
 * healthy process, and the response relayed back. Bytes pass through as they came: only request and
 * response heads are read (in place, see {@link MessageHead}), the request head is copied with its
 * hop-by-hop fields replaced, and bodies are relayed as slices of the buffers they arrived in, read only
 * as far as their framing. Requests on one connection are served in order (pipelined ones wait, unread,
 * in {@link #inbound}); a WebSocket upgrade turns the connection into a byte tunnel.
 *
 * <p>Longer than the house limit on purpose: it is one state machine (request, upstream, response,
 * retry, drain count), and splitting it would spread one connection's state over several classes.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
  /** Finds the service a request is for; null means 404. */
  interface Resolver {
    Target resolve(RequestHead request);

    /** Changes whenever an answer of {@link #resolve} may have: a connection reuses its last answer until then. */
    default int version() {
      return 0;
    }
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
  private final RequestHead request = new RequestHead();
  private final BodyFraming requestBody = new BodyFraming();
  /** Bytes from the client not handled yet: the start of a head, or requests pipelined behind the one in flight. */
  private ByteBuf inbound;
  private boolean pumping;
  /** The pump stopped at a pipelined request, which waits until the one in flight is answered. */
  private boolean waitingBehind;
  private boolean readingBody;
  /** Nothing more from the client can be read reliably (a malformed request, or the connection ends). */
  private boolean broken;
  private final List<ByteBuf> buffered = new ArrayList<>();

  /** A request is in flight: from its head until its response (and its body) are done. */
  private boolean inExchange;
  /** The head sent upstream, kept for a retry on another connection. */
  private ByteBuf upstreamHead;
  private boolean headRequest;
  private boolean idempotent;
  private int clientMinor;
  private Target target;
  private InetSocketAddress address;
  private Channel backend;
  private boolean keepAlive;
  private boolean requestComplete;
  private boolean responseStarted;
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
  /** The last Host this connection's requests named, what it resolved to, and the resolver's version then. */
  private byte[] lastHost;
  private Target lastTarget;
  private int lastVersion = -1;
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
    } else if (!inExchange && !tunnel && inbound == null && now - idleSince > limits.idleTimeout().toNanos()) {
      // A keep-alive connection with nothing in flight for the idle timeout.
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (tunnel) {
      if (backend != null) {
        backend.write(in);
      } else {
        in.release();
      }
      return;
    }
    if (broken) {
      in.release();
      return;
    }
    inbound = inbound == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), inbound, in);
    pump();
  }

  /** Reads requests and request bodies from {@link #inbound} as far as the exchange in flight allows. */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (inbound != null && inbound.isReadable() && !tunnel && !broken) {
        if (readingBody) {
          int n = requestBody.scan(inbound, inbound.readerIndex(), inbound.writerIndex());
          if (requestBody.failed()) {
            badBody();
            continue;
          }
          boolean last = requestBody.done();
          readingBody = !last;
          content(inbound.readRetainedSlice(n), last);
        } else if (inExchange) {
          // A pipelined request: read once the one in flight is answered.
          waitingBehind = true;
          ctx.channel().config().setAutoRead(false);
          break;
        } else {
          int status = request.parse(inbound, limits);
          if (status == MessageHead.INCOMPLETE) {
            break;
          }
          begin(status);
        }
      }
    } finally {
      pumping = false;
    }
    if (inbound != null && (!inbound.isReadable() || broken)) {
      inbound.release();
      inbound = null;
    }
  }

  private void begin(int status) {
    if (guard != null) {
      guard.headersDone();
    }
    inExchange = true;
    waitingBehind = false;
    bodyBytes = 0;
    responseStarted = false;
    attempts = 0;
    discarding = false;
    target = null;
    if (status != MessageHead.COMPLETE) {
      keepAlive = false;
      requestComplete = true;
      broken = true;
      reject(status, "bad request: " + request.error + "\n");
      return;
    }
    int headLength = request.end - request.start;
    keepAlive = request.keepAlive();
    clientMinor = request.minorVersion;
    headRequest = request.head;
    idempotent = request.idempotent;
    requestBody.reset(request.chunked ? BodyFraming.Kind.CHUNKED : BodyFraming.Kind.LENGTH, Math.max(0, request.contentLength));
    readingBody = !requestBody.done();
    requestComplete = !readingBody;
    if (limits.maxBodySize() > 0 && request.contentLength > limits.maxBodySize()) {
      keepAlive = false;
      broken = true;
      reject(413, "request body too large (limit " + limits.maxBodySize() + " bytes)\n");
      return;
    }
    target = resolve();
    if (target == null) {
      inbound.skipBytes(headLength);
      reject(404, "no such host\n");
      return;
    }
    InetSocketAddress next = target.next();
    if (next == null) {
      inbound.skipBytes(headLength);
      reject(503, "no healthy process for " + target.service + "\n");
      return;
    }
    upstreamHead = forwarded.write(request, inbound, ctx.alloc());
    inbound.skipBytes(headLength);
    connect(next, true);
  }

  /** Keep-alive clients send the same Host on every request: its lookup (and the String it needs) is done once. */
  private Target resolve() {
    int version = resolver.version();
    if (version == lastVersion && request.hostIs(lastHost)) {
      return lastTarget;
    }
    lastTarget = resolver.resolve(request);
    lastHost = request.hostBytes();
    lastVersion = version;
    return lastTarget;
  }

  private void connect(InetSocketAddress next, boolean mayReuse) {
    attempts++;
    address = next;
    if (!tunnel) {
      count(next);
    }
    Channel pooled = mayReuse ? pool.acquire(next) : null;
    if (pooled != null) {
      attach(pooled);
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
            ch.pipeline().addLast(new BackendHandler(next, pool));
          }
        });
    b.connect(next).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        attach(f.channel());
      } else {
        connectFailed(next, f.cause());
      }
    });
  }

  private void attach(Channel ch) {
    if (!inExchange || upstreamHead == null || !ctx.channel().isActive()) {
      pool.release(address, ch);
      return;
    }
    backend = ch;
    ch.pipeline().get(BackendHandler.class).bind(this, headRequest);
    ch.write(upstreamHead.retainedDuplicate());
    for (ByteBuf part : buffered) {
      ch.write(part);
    }
    buffered.clear();
    ch.flush();
    sentAt = System.nanoTime();
  }

  private void connectFailed(InetSocketAddress failed, Throwable cause) {
    if (!inExchange || upstreamHead == null) {
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
    reject(502, "bad gateway: " + target.service + " did not accept the connection\n");
  }

  /** At most three tries per request, only for methods that may be repeated and with no body to replay. */
  private boolean mayRetry() {
    return attempts < 3 && bodyBytes == 0 && idempotent;
  }

  private void content(ByteBuf part, boolean last) {
    if (discarding || !inExchange) {
      part.release();
      if (last && inExchange) {
        requestComplete = true;
        if (responseStarted || discarding) {
          finishIfDone();
        }
      }
      return;
    }
    if (last) {
      requestComplete = true;
    }
    bodyBytes += part.readableBytes();
    if (limits.maxBodySize() > 0 && requestBody.declared() > limits.maxBodySize() && !responseStarted) {
      // A chunked body over the limit: the upstream request is abandoned.
      part.release();
      abandonBackend();
      keepAlive = false;
      broken = true;
      reject(413, "request body too large (limit " + limits.maxBodySize() + " bytes)\n");
      return;
    }
    if (backend != null) {
      backend.write(part);
      if (!backend.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    } else {
      buffered.add(part);
    }
  }

  /** Invalid chunking: the upstream request is abandoned, and the client's connection with it. */
  private void badBody() {
    abandonBackend();
    keepAlive = false;
    broken = true;
    readingBody = false;
    if (responseStarted) {
      ctx.close();
    } else {
      requestComplete = true;
      reject(400, "bad request: invalid chunked body\n");
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

  // ---- backend side, called by BackendHandler

  /** A response head, and the first {@code bodyLength} bytes of its body, at {@code buf}'s reader index. */
  void responseHead(Channel from, ResponseHead h, ByteBuf buf, int headLength, int bodyLength, boolean last, BodyFraming.Kind kind) {
    if (from != backend) {
      return;
    }
    cancelTimer();
    int at = buf.readerIndex();
    if (h.status == 101) {
      // A tunnel may last for hours; it does not hold up the process's drain.
      uncount();
      responseStarted = true;
      tunnel = true;
      ctx.write(buf.retainedSlice(at, headLength + bodyLength));
      ctx.flush();
      startTunnel();
      return;
    }
    if (h.interim()) {
      ctx.write(buf.retainedSlice(at, headLength));
      return;
    }
    responseStarted = true;
    backendReusable = h.reusable(kind);
    // A body that ends with the connection, or chunks to an HTTP/1.0 client, ends the client's connection too.
    keepAlive = keepAlive && kind != BodyFraming.Kind.UNTIL_CLOSE && !(clientMinor == 0 && kind == BodyFraming.Kind.CHUNKED);
    if (h.passesAsIs(keepAlive, clientMinor)) {
      ctx.write(buf.retainedSlice(at, headLength + bodyLength));
    } else {
      ctx.write(h.rewrite(buf, keepAlive, ctx.alloc()));
      if (bodyLength > 0) {
        ctx.write(buf.retainedSlice(at + headLength, bodyLength));
      }
    }
    if (last) {
      responseDone();
    }
  }

  void responseBody(Channel from, ByteBuf part, boolean last) {
    if (from != backend) {
      part.release();
      return;
    }
    ctx.write(part);
    if (last) {
      responseDone();
    }
  }

  void tunnelFromBackend(ByteBuf bytes) {
    ctx.write(bytes);
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
      broken = true;
      inExchange = false;
      if (inbound != null) {
        inbound.release();
        inbound = null;
      }
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
    ctx.channel().config().setAutoRead(writable && !waitingBehind);
  }

  /** The backend's response could not be read: 502 if nothing of it was sent yet, else the client's connection ends. */
  void backendFailed(Channel from, String why) {
    if (from != backend) {
      return;
    }
    backend = null;
    uncount();
    cancelTimer();
    if (responseStarted) {
      ctx.close();
      return;
    }
    keepAlive = false;
    reject(502, "bad gateway: " + target.service + " sent an invalid response (" + why + ")\n");
  }

  void backendClosed(Channel closed) {
    if (closed != backend) {
      return;
    }
    backend = null;
    uncount();
    cancelTimer();
    if (tunnel || responseStarted) {
      // Also how a body delimited by the end of the connection ends.
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (inExchange) {
      // Closed before any answer: a stale pooled connection, or a process that just died. An
      // idempotent request whose body was sent whole is safe to send again, preferably elsewhere.
      if (requestComplete && mayRetry()) {
        InetSocketAddress other = target.nextExcept(address);
        connect(other != null ? other : address, false);
        return;
      }
      reject(502, "bad gateway: " + target.service + " closed the connection\n");
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
      reject(504, "gateway timeout: " + target.service + " did not answer in " + limits.responseTimeout().toSeconds() + "s\n");
    }
  }

  private void cancelTimer() {
    sentAt = 0;
  }

  private void startTunnel() {
    Channel b = backend;
    if (b != null && inbound != null && inbound.isReadable()) {
      // Bytes the client sent after its upgrade request belong to the new protocol.
      b.writeAndFlush(inbound);
      inbound = null;
    }
    ctx.channel().config().setAutoRead(true);
  }

  // ---- answers of the router's own

  private void reject(int status, String body) {
    responseStarted = true;
    discarding = true;
    boolean keep = keepAlive && (status < 500 || status == 503);
    keepAlive = keep;
    if (!keep) {
      broken = true;
    }
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
      inExchange = false;
      return;
    }
    next();
  }

  /** The exchange is over: serve what was pipelined, then read again. */
  private void next() {
    if (upstreamHead != null) {
      upstreamHead.release();
      upstreamHead = null;
    }
    inExchange = false;
    discarding = false;
    idleSince = System.nanoTime();
    if (guard != null) {
      guard.awaitNext();
    }
    waitingBehind = false;
    pump();
    if (backend != null) {
      // Body bytes of a pipelined request, read from what was already received: no read will flush them.
      backend.flush();
    }
    if (!waitingBehind && !tunnel && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
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
    if (inbound != null) {
      inbound.release();
      inbound = null;
    }
    if (upstreamHead != null) {
      upstreamHead.release();
      upstreamHead = null;
    }
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
