package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through the router: each request is routed (by Host on public listeners,
 * to a fixed service on an internal endpoint), sent upstream ({@link Upstream}), and the response
 * relayed back. Bytes pass through as they came: only request and response heads are read (in place,
 * see {@link MessageHead}), the request head is copied with its hop-by-hop fields replaced, and bodies
 * are relayed as slices of the buffers they arrived in, read only as far as their framing. Requests on
 * one connection are served in order (pipelined ones wait, unread, in {@link #inbound}); a WebSocket
 * upgrade turns the connection into a byte tunnel.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
  /** Finds the service a request is for; null means 404. */
  interface Resolver {
    /** {@code host}: the request's Host (or HTTP/2 :authority), null when it has none. */
    Target resolve(String host);

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
  private final BackendPool pool;
  private final UnexpectedErrors errors;

  private ChannelHandlerContext ctx;
  private Upstream upstream;
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

  /** A request is in flight: from its head until its response (and its body) are done. */
  private boolean inExchange;
  private int clientMinor;
  private boolean keepAlive;
  private boolean requestComplete;
  private boolean responseStarted;
  private boolean backendReusable;
  private boolean discarding;
  private boolean tunnel;
  /** The request in flight asked to switch protocols (Upgrade, and upgrade in Connection): only then is a 101 taken. */
  private boolean upgradeAsked;
  /** One periodic check per connection instead of a timer per request: timers are costly on the hot path. */
  private ScheduledFuture<?> watchdog;
  private SlowClientGuard guard;
  private ForwardedHeaders forwarded;
  /** When this connection last finished an exchange or opened (nanoTime): the idle timeout counts from it. */
  private long idleSince;
  /** The last Host this connection's requests named, what it resolved to, and the resolver's version then. */
  private byte[] lastHost;
  private Target lastTarget;
  private int lastVersion = -1;

  /** {@code pool} is the one of the event loop this connection is on. */
  ProxyHandler(Resolver resolver, String scheme, int listenerPort, RouterLimits limits, InFlight inFlight, BackendPool pool, UnexpectedErrors errors) {
    this.resolver = resolver;
    this.scheme = scheme;
    this.listenerPort = listenerPort;
    this.limits = limits;
    this.inFlight = inFlight;
    this.pool = pool;
    this.errors = errors;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.upstream = new Upstream(this, ctx.channel().eventLoop(), pool, inFlight, limits, errors);
    this.guard = ctx.pipeline().get(SlowClientGuard.class);
    this.forwarded = new ForwardedHeaders(ctx.channel(), scheme, listenerPort);
    this.idleSince = System.nanoTime();
    long shortest = Math.min(limits.responseTimeout().toMillis(), limits.idleTimeout().toMillis());
    long period = Math.max(50, Math.min(1000, shortest / 4));
    this.watchdog = ctx.executor().scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  boolean clientWritable() {
    return ctx.channel().isWritable();
  }

  boolean active() {
    return inExchange && ctx.channel().isActive();
  }

  /**
   * The response and idle timeouts, checked periodically rather than with Netty's IdleStateHandler,
   * which adds a listener to every write and reads the clock on every read: costs paid per request.
   */
  private void check() {
    long now = System.nanoTime();
    if (!responseStarted && upstream.timedOut(now)) {
      upstream.abandon();
      keepAlive = false;
      reject(504, "gateway timeout: " + upstream.service() + " did not answer in " + limits.responseTimeout().toSeconds() + "s\n");
    } else if (!inExchange && !tunnel && inbound == null && now - idleSince > limits.idleTimeout().toNanos()) {
      // A keep-alive connection with nothing in flight for the idle timeout.
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (tunnel) {
      upstream.relay(in);
    } else if (broken) {
      in.release();
    } else {
      inbound = inbound == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), inbound, in);
      pump();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    upstream.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    upstream.clientWritability(ctx.channel().isWritable());
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
    responseStarted = false;
    discarding = false;
    if (status != MessageHead.COMPLETE) {
      keepAlive = false;
      requestComplete = true;
      reject(status, "bad request: " + request.error + "\n");
      return;
    }
    int headLength = request.end - request.start;
    keepAlive = request.keepAlive();
    upgradeAsked = request.upgrade();
    clientMinor = request.minorVersion;
    requestBody.reset(request.chunked ? BodyFraming.Kind.CHUNKED : BodyFraming.Kind.LENGTH, Math.max(0, request.contentLength));
    readingBody = !requestBody.done();
    requestComplete = !readingBody;
    if (limits.maxBodySize() > 0 && request.contentLength > limits.maxBodySize()) {
      keepAlive = false;
      reject(413, "request body too large (limit " + limits.maxBodySize() + " bytes)\n");
      return;
    }
    Target target = resolve();
    InetSocketAddress first = target == null ? null : target.next();
    if (first == null) {
      inbound.skipBytes(headLength);
      reject(target == null ? 404 : 503, target == null ? "no such host\n" : "no healthy process for " + target.service + "\n");
      return;
    }
    ByteBuf head = forwarded.write(request, inbound, ctx.alloc());
    inbound.skipBytes(headLength);
    upstream.start(target, first, head, request.head, request.idempotent);
  }

  /** Keep-alive clients send the same Host on every request: its lookup (and the String it needs) is done once. */
  private Target resolve() {
    int version = resolver.version();
    if (version == lastVersion && request.hostIs(lastHost)) {
      return lastTarget;
    }
    lastTarget = resolver.resolve(request.host());
    lastHost = request.hostBytes();
    lastVersion = version;
    return lastTarget;
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
    if (limits.maxBodySize() > 0 && requestBody.declared() > limits.maxBodySize() && !responseStarted) {
      // A chunked body over the limit: the upstream request is abandoned.
      part.release();
      upstream.abandon();
      keepAlive = false;
      reject(413, "request body too large (limit " + limits.maxBodySize() + " bytes)\n");
      return;
    }
    if (!upstream.send(part)) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /** Invalid chunking: the upstream request is abandoned, and the client's connection with it. */
  private void badBody() {
    upstream.abandon();
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

  // ---- the backend's side, called by BackendHandler

  /** A response head, and the first {@code bodyLength} bytes of its body, at {@code buf}'s reader index. */
  void responseHead(BackendHandler from, ResponseHead h, ByteBuf buf, int headLength, int bodyLength, boolean last, BodyFraming.Kind kind) {
    if (!upstream.is(from)) {
      return;
    }
    upstream.answered();
    int at = buf.readerIndex();
    if (h.status == 101 && !upgradeAsked) {
      // Taken as a tunnel, the client's next requests (for any app) would go to this backend.
      String service = upstream.service();
      upstream.abandon();
      keepAlive = false;
      reject(502, "bad gateway: " + service + " switched protocols, but the request did not ask to upgrade\n");
      return;
    }
    if (h.status == 101) {
      responseStarted = true;
      tunnel = true;
      upstream.tunnel();
      ctx.writeAndFlush(buf.retainedSlice(at, headLength + bodyLength), ctx.voidPromise());
      if (inbound != null && inbound.isReadable()) {
        // Bytes the client sent after its upgrade request belong to the new protocol.
        upstream.relay(inbound);
        upstream.flush();
        inbound = null;
      }
      ctx.channel().config().setAutoRead(true);
      return;
    }
    if (h.interim()) {
      ctx.write(buf.retainedSlice(at, headLength), ctx.voidPromise());
      return;
    }
    responseStarted = true;
    backendReusable = h.reusable(kind);
    // A body that ends with the connection, or chunks to an HTTP/1.0 client, ends the client's connection too.
    keepAlive = keepAlive && kind != BodyFraming.Kind.UNTIL_CLOSE && !(clientMinor == 0 && kind == BodyFraming.Kind.CHUNKED);
    if (h.passesAsIs(keepAlive, clientMinor)) {
      ctx.write(buf.retainedSlice(at, headLength + bodyLength), ctx.voidPromise());
    } else {
      ctx.write(h.rewrite(buf, keepAlive, ctx.alloc()), ctx.voidPromise());
      if (bodyLength > 0) {
        ctx.write(buf.retainedSlice(at + headLength, bodyLength), ctx.voidPromise());
      }
    }
    if (last) {
      responseDone();
    }
  }

  void responseBody(BackendHandler from, ByteBuf part, boolean last) {
    if (!upstream.is(from)) {
      part.release();
      return;
    }
    ctx.write(part, ctx.voidPromise());
    if (last) {
      responseDone();
    }
  }

  void tunnelFromBackend(BackendHandler from, ByteBuf bytes) {
    if (upstream.is(from)) {
      ctx.write(bytes, ctx.voidPromise());
    } else {
      bytes.release();
    }
  }

  private void responseDone() {
    upstream.finish(backendReusable && requestComplete);
    if (!keepAlive) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      broken = true;
      inExchange = false;
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
  void backendFailed(BackendHandler from, String why) {
    if (!upstream.is(from)) {
      return;
    }
    String service = upstream.service();
    upstream.abandon();
    if (responseStarted) {
      ctx.close();
      return;
    }
    keepAlive = false;
    reject(502, "bad gateway: " + service + " sent an invalid response (" + why + ")\n");
  }

  void backendClosed(BackendHandler closed) {
    if (!upstream.is(closed)) {
      return;
    }
    if (tunnel || responseStarted) {
      // Also how a body delimited by the end of the connection ends.
      upstream.abandon();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (!upstream.retryAfterClose(requestComplete)) {
      upstreamFailed(502, "bad gateway: " + upstream.service() + " closed the connection\n");
    }
  }

  /** No process took the request: the router answers. */
  void upstreamFailed(int status, String body) {
    if (inExchange && !responseStarted) {
      reject(status, body);
    }
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
    inExchange = false;
    discarding = false;
    idleSince = System.nanoTime();
    if (guard != null) {
      guard.awaitNext();
    }
    waitingBehind = false;
    pump();
    // Body bytes of a pipelined request, read from what was already received: no read will flush them.
    upstream.flush();
    if (!waitingBehind && !tunnel && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Taken off a connection that turned out to speak HTTP/2 (see {@link CleartextH2Detector}). */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    upstream.abandon();
    if (inbound != null) {
      inbound.release();
      inbound = null;
    }
  }

  /** Also where a failed write ends up: writes on the hot path take no promise (one object less per write). */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.caught("client", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
