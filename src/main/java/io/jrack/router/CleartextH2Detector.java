package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;

/**
 * First on a cleartext listener: a connection that starts with the HTTP/2 connection preface
 * ({@code PRI * HTTP/2.0}, "prior knowledge", what gRPC clients send) becomes an HTTP/2 connection;
 * any other stays HTTP/1.1. It looks at the first bytes only, then leaves the pipeline, so an
 * HTTP/1.1 connection pays for one look (a request's first byte is never {@code P} followed by
 * {@code R}). HTTP/1.1 {@code Upgrade: h2c} is not taken: such a request is served as HTTP/1.1.
 */
final class CleartextH2Detector extends ChannelInboundHandlerAdapter {
  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  /** What the connection becomes once it has shown what it speaks. */
  interface Switch {
    void toH2(ChannelHandlerContext detector);
  }

  private final Switch onH2;
  private ByteBuf seen;

  CleartextH2Detector(Switch onH2) {
    this.onH2 = onH2;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    seen = seen == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), seen, in);
    int n = Math.min(seen.readableBytes(), PREFACE.readableBytes());
    boolean matches = ByteBufUtil.equals(seen, seen.readerIndex(), PREFACE, 0, n);
    if (matches && n < PREFACE.readableBytes()) {
      return;
    }
    if (matches) {
      onH2.toH2(ctx);
    }
    ByteBuf bytes = seen;
    seen = null;
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(bytes);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (seen != null) {
      seen.release();
      seen = null;
    }
  }
}
