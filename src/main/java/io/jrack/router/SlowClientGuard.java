package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Gives a client {@code headerTimeout} from the first byte of a request to the end of its header
 * block; a client that trickles headers (slowloris) gets 408 and is closed, so it cannot hold a
 * connection open for free. Sits before the HTTP codec, so it sees raw bytes.
 */
final class SlowClientGuard extends ChannelInboundHandlerAdapter {
  private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
      + "Content-Length: 16\r\nConnection: close\r\nServer: jrack\r\n\r\nrequest timeout\n").getBytes(StandardCharsets.US_ASCII);

  private final long timeoutMillis;
  private ChannelHandlerContext ctx;
  private boolean awaitingHeaders = true;
  /** When the current request's first byte came (nanoTime), or 0: checked periodically, not timed per request. */
  private long firstByteAt;
  private ScheduledFuture<?> timer;

  SlowClientGuard(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    long period = Math.max(20, timeoutMillis / 4);
    timer = ctx.executor().scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (awaitingHeaders && firstByteAt == 0 && msg instanceof ByteBuf b && b.isReadable()) {
      firstByteAt = System.nanoTime();
    }
    ctx.fireChannelRead(msg);
  }

  /** The request's header block is complete. */
  void headersDone() {
    awaitingHeaders = false;
    firstByteAt = 0;
  }

  /** The exchange is over; the next request's clock starts with its first byte. */
  void awaitNext() {
    awaitingHeaders = true;
    firstByteAt = 0;
  }

  private void check() {
    if (awaitingHeaders && firstByteAt != 0 && System.nanoTime() - firstByteAt > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
        && ctx.channel().isActive()) {
      firstByteAt = 0;
      timer.cancel(false);
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.fireChannelInactive();
  }
}
