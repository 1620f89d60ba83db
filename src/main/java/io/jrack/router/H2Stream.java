package io.jrack.router;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;

/**
 * The start of one HTTP/2 stream: its first HEADERS frame says the host (:authority, else Host),
 * so the service; the stream is then relayed as HTTP/1.1 ({@link H2ToHttp1}, for {@code http:} and
 * {@code https:} services) or as HTTP/2 ({@link GrpcRelay}, for {@code grpc:} ones), and this handler leaves.
 */
final class H2Stream extends ChannelInboundHandlerAdapter {
  private final H2Context c;

  H2Stream(H2Context c) {
    this.c = c;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2HeadersFrame frame)) {
      // Nothing but HEADERS opens a stream; the codec refuses anything else before this sees it.
      ReferenceCountUtil.release(msg);
      return;
    }
    Target target = c.resolver().resolve(host(frame.headers()));
    ChannelPipeline p = ctx.pipeline();
    if (target != null && target.scheme() == Scheme.GRPC) {
      p.addAfter(ctx.name(), "grpc", new GrpcRelay(c, target));
      ctx.fireChannelRead(msg);
      p.remove(this);
      return;
    }
    p.addAfter(ctx.name(), "http1", new H2ToHttp1(c, target));
    p.addAfter(ctx.name(), "h2-to-http1", new Http2StreamFrameToHttpObjectCodec(true));
    ctx.fireChannelRead(msg);
    p.remove(this);
  }

  static String host(Http2Headers headers) {
    CharSequence authority = headers.authority();
    if (authority == null) {
      authority = headers.get("host");
    }
    return authority == null ? null : authority.toString();
  }
}
