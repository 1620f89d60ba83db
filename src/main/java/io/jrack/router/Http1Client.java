package io.jrack.router;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * One HTTP/1.1 connection to a backend for HTTP/2 streams, after Netty's HTTP client codec (a stream's
 * request and response are messages on both sides, so they are translated rather than relayed as
 * bytes). Serves one stream at a time; while pooled, anything it receives closes it.
 */
final class Http1Client extends ChannelInboundHandlerAdapter {
  final InetSocketAddress address;
  private final Http1ClientPool pool;
  private final UnexpectedErrors errors;
  private Channel channel;
  private H2ToHttp1 stream;
  private boolean keepAlive;
  private boolean responseDone;
  /** The response being read is a 1xx: its end is not the exchange's. */
  private boolean interim;

  Http1Client(InetSocketAddress address, Http1ClientPool pool, UnexpectedErrors errors) {
    this.address = address;
    this.pool = pool;
    this.errors = errors;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  Channel channel() {
    return channel;
  }

  void bind(H2ToHttp1 s) {
    stream = s;
    keepAlive = false;
    responseDone = false;
  }

  /** The stream is over: back to the pool if the exchange ended cleanly and the backend keeps the connection. */
  void unbind(boolean requestDone) {
    stream = null;
    if (requestDone && responseDone && keepAlive && channel.isActive()) {
      channel.config().setAutoRead(true);
      pool.release(this);
    } else {
      channel.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    H2ToHttp1 s = stream;
    if (s == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse r) {
      interim = r.status().code() < 200;
      keepAlive = HttpUtil.isKeepAlive(r) && r.decoderResult().isSuccess();
    }
    if (msg instanceof LastHttpContent && !interim) {
      responseDone = true;
    }
    s.fromBackend(this, (HttpObject) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    H2ToHttp1 s = stream;
    if (s != null) {
      s.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    H2ToHttp1 s = stream;
    if (s != null) {
      s.backendWritability(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.remove(this);
    H2ToHttp1 s = stream;
    if (s != null) {
      s.backendClosed(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.caught("backend", address, cause);
    ctx.close();
  }
}
