package io.jrack.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream side of one client connection: the process that serves the request in flight, the
 * pooled keep-alive connection to it (opened on the client's own event loop), new attempts when a
 * connection fails before any answer, and the count of requests in flight per process, so a process
 * leaving the rotation is stopped only once they are done.
 */
final class Upstream {
  /** How often one request is tried: the first process and up to two others. */
  private static final int MAX_ATTEMPTS = 3;
  /** Body bytes kept while the connection opens; beyond them the client is not read until it is open. */
  private static final int MAX_BUFFERED = 65536;

  private final ProxyHandler front;
  private final EventLoop loop;
  private final BackendPool pool;
  private final InFlight inFlight;
  private final RouterLimits limits;
  private final UnexpectedErrors errors;
  private final List<ByteBuf> buffered = new ArrayList<>();

  private Target target;
  private InetSocketAddress address;
  private BackendHandler backend;
  /** The request's head, kept until the request is over: a new attempt sends it again. */
  private ByteBuf head;
  private boolean headRequest;
  private boolean idempotent;
  private boolean pending;
  private int attempts;
  private long bodyBytes;
  private int bufferedBytes;
  private InetSocketAddress counted;
  /** When the request was sent (nanoTime), or 0 when no answer is awaited. */
  private long sentAt;

  Upstream(ProxyHandler front, EventLoop loop, BackendPool pool, InFlight inFlight, RouterLimits limits, UnexpectedErrors errors) {
    this.front = front;
    this.loop = loop;
    this.pool = pool;
    this.inFlight = inFlight;
    this.limits = limits;
    this.errors = errors;
  }

  /** Sends a request with this head (its body follows through {@link #send}) to {@code first}, or to another process of {@code target}. */
  void start(Target target, InetSocketAddress first, ByteBuf head, boolean headRequest, boolean idempotent) {
    this.target = target;
    this.head = head;
    this.headRequest = headRequest;
    this.idempotent = idempotent;
    this.pending = true;
    this.attempts = 0;
    this.bodyBytes = 0;
    connect(first, true);
  }

  String service() {
    return target.service;
  }

  boolean is(BackendHandler h) {
    return h != null && h == backend;
  }

  private void connect(InetSocketAddress next, boolean mayReuse) {
    attempts++;
    address = next;
    count(next);
    BackendHandler pooled = mayReuse ? pool.acquire(next) : null;
    if (pooled != null) {
      attach(pooled);
      return;
    }
    boolean tls = target.scheme() == Scheme.HTTPS;
    Bootstrap b = new Bootstrap()
        .group(loop)
        .channel(Transport.client())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.connectTimeout().toMillis())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new BackendHandler(next, pool, errors));
            if (tls) {
              BackendTls.addTo(ch, next);
            }
          }
        });
    b.connect(next).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        attach(f.channel().pipeline().get(BackendHandler.class));
      } else {
        connectFailed(next, f.cause());
      }
    });
  }

  private void attach(BackendHandler h) {
    if (!pending || !front.active()) {
      pool.release(h);
      return;
    }
    backend = h;
    h.bind(front, headRequest);
    Channel ch = h.channel();
    // A pooled connection may have been paused by its previous client's backpressure.
    ch.config().setAutoRead(front.clientWritable());
    ch.write(head.retainedDuplicate(), ch.voidPromise());
    for (ByteBuf part : buffered) {
      ch.write(part, ch.voidPromise());
    }
    buffered.clear();
    bufferedBytes = 0;
    ch.flush();
    sentAt = System.nanoTime();
    front.backendWritability(ch.isWritable());
  }

  private void connectFailed(InetSocketAddress failed, Throwable cause) {
    if (!pending) {
      return;
    }
    if (mayRetry() && cause instanceof ConnectException) {
      InetSocketAddress other = target.nextExcept(failed);
      if (other != null) {
        connect(other, true);
        return;
      }
    }
    abandon();
    front.upstreamFailed(502, "bad gateway: " + target.service + " did not accept the connection\n");
  }

  /** Only methods that may be repeated, and only with no body sent yet (there would be nothing to send it again from). */
  private boolean mayRetry() {
    return attempts < MAX_ATTEMPTS && bodyBytes == 0 && idempotent;
  }

  /** A part of the request body: sent, or kept until the connection is there. False when the backend cannot take more now. */
  boolean send(ByteBuf part) {
    bodyBytes += part.readableBytes();
    if (backend == null) {
      buffered.add(part);
      bufferedBytes += part.readableBytes();
      return bufferedBytes < MAX_BUFFERED;
    }
    Channel ch = backend.channel();
    ch.write(part, ch.voidPromise());
    return ch.isWritable();
  }

  /** Bytes of a tunnel (after a 101), as they come. */
  void relay(ByteBuf bytes) {
    if (backend != null) {
      backend.channel().write(bytes, backend.channel().voidPromise());
    } else {
      bytes.release();
    }
  }

  /** Reads from the backend only while the client takes what is relayed: a slow client must not fill the router's memory. */
  void clientWritability(boolean writable) {
    if (backend != null) {
      backend.channel().config().setAutoRead(writable);
    }
  }

  void flush() {
    if (backend != null) {
      backend.channel().flush();
    }
  }

  /** The answer has started: the response timeout no longer applies. */
  void answered() {
    sentAt = 0;
  }

  boolean timedOut(long now) {
    return backend != null && sentAt != 0 && now - sentAt > limits.responseTimeout().toNanos();
  }

  /** The connection became a tunnel: it no longer counts as a request in flight (it may last for hours). */
  void tunnel() {
    uncount();
    releaseHead();
    pending = false;
  }

  /** The response is over: its connection goes back to the pool when it can carry another request. */
  void finish(boolean reusable) {
    BackendHandler h = backend;
    backend = null;
    pending = false;
    sentAt = 0;
    uncount();
    releaseHead();
    h.unbind();
    if (reusable && h.channel().isActive()) {
      pool.release(h);
    } else {
      h.channel().close();
    }
  }

  /** The request will not be completed: its connection, if any, is closed. */
  void abandon() {
    pending = false;
    sentAt = 0;
    uncount();
    releaseHead();
    buffered.forEach(ReferenceCountUtil::release);
    buffered.clear();
    bufferedBytes = 0;
    if (backend != null) {
      BackendHandler h = backend;
      backend = null;
      h.unbind();
      h.channel().close();
    }
  }

  /**
   * The backend closed before answering: a stale pooled connection, or a process that just died. An
   * idempotent request whose body was sent whole is safe to send again, preferably elsewhere: true when
   * it was.
   */
  boolean retryAfterClose(boolean requestComplete) {
    backend = null;
    sentAt = 0;
    if (pending && requestComplete && mayRetry()) {
      InetSocketAddress other = target.nextExcept(address);
      connect(other != null ? other : address, false);
      return true;
    }
    abandon();
    return false;
  }

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

  private void releaseHead() {
    if (head != null) {
      head.release();
      head = null;
    }
  }
}
