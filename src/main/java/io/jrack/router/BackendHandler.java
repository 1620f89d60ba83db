package io.jrack.router;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The backend side of one upstream connection: relays what the backend sends to the frontend it
 * is serving now; while pooled (no frontend), anything it receives is dropped and it closes.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  final InetSocketAddress address;
  private final BackendPool pool;
  private ProxyHandler front;

  BackendHandler(InetSocketAddress address, BackendPool pool) {
    this.address = address;
    this.pool = pool;
  }

  void bind(ProxyHandler front) {
    this.front = front;
  }

  void unbind() {
    this.front = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ProxyHandler f = front;
    if (f == null) {
      // A pooled connection must not talk unasked; it is not safe to reuse.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    f.fromBackend(ctx.channel(), msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ProxyHandler f = front;
    if (f != null) {
      f.flushFront();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ProxyHandler f = front;
    if (f != null) {
      f.backendWritability(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.remove(address, ctx.channel());
    ProxyHandler f = front;
    if (f != null) {
      f.backendClosed(ctx.channel());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
