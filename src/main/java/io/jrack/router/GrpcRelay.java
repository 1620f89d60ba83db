package io.jrack.router;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One HTTP/2 stream to a {@code grpc:} service, relayed as an HTTP/2 stream on the loop's h2c
 * connection to a healthy process ({@link H2ClientPool}): HEADERS, DATA and trailers go through as
 * frames, both ways and as they come (streaming in both directions), with flow control tied across.
 * When the router cannot complete the call it answers as gRPC does, with {@code grpc-status} 14
 * (UNAVAILABLE) in trailers. No response timeout applies: gRPC calls carry their own deadlines.
 */
final class GrpcRelay extends ChannelInboundHandlerAdapter {
  static final String UNAVAILABLE = "14";

  private final H2Context c;
  private final Target target;
  private final ArrayDeque<Http2StreamFrame> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Http2StreamChannel backend;
  private InetSocketAddress counted;
  private boolean started;
  private boolean responseStarted;
  private boolean over;

  GrpcRelay(H2Context c, Target target) {
    this.c = c;
    this.target = target;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Http2StreamFrame frame = copy(msg);
    if (over || frame == null) {
      ReferenceCountUtil.release(frame);
      return;
    }
    if (frame instanceof Http2HeadersFrame h && !started) {
      Http2Headers headers = h.headers();
      CharSequence xff = headers.get("x-forwarded-for");
      headers.set("x-forwarded-for", xff == null ? c.client() : xff + ", " + c.client());
      headers.set("x-forwarded-proto", c.scheme());
    }
    if (backend == null) {
      pending.add(frame);
    } else {
      backend.write(frame, backend.voidPromise());
      if (!backend.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    }
    if (!started) {
      started = true;
      start();
    }
  }

  /** A frame of the client's stream as a new frame for another stream (a frame belongs to the stream it came on). */
  private static Http2StreamFrame copy(Object msg) {
    if (msg instanceof Http2HeadersFrame h) {
      return new DefaultHttp2HeadersFrame(h.headers(), h.isEndStream());
    }
    if (msg instanceof Http2DataFrame d) {
      return new DefaultHttp2DataFrame(d.content(), d.isEndStream());
    }
    ReferenceCountUtil.release(msg);
    return null;
  }

  private void start() {
    InetSocketAddress address = target.next();
    if (address == null) {
      fail("no healthy process for " + target.service);
      return;
    }
    counted = address;
    c.inFlight().start(address);
    c.h2().connection(address, (int) c.limits().connectTimeout().toMillis(),
        parent -> new Http2StreamChannelBootstrap(parent).handler(new FromBackend()).open().addListener(f -> {
          if (f.isSuccess()) {
            attach((Http2StreamChannel) f.getNow());
          } else {
            fail(target.service + " did not take the stream");
          }
        }),
        cause -> fail(target.service + " did not accept the connection"));
  }

  private void attach(Http2StreamChannel ch) {
    if (over) {
      ch.close();
      return;
    }
    backend = ch;
    Http2StreamFrame frame;
    while ((frame = pending.poll()) != null) {
      ch.write(frame, ch.voidPromise());
    }
    ch.flush();
    ch.config().setAutoRead(ctx.channel().isWritable());
    ctx.channel().config().setAutoRead(ch.isWritable());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.config().setAutoRead(ctx.channel().isWritable());
    }
  }

  /** The client's stream ended (done, or reset by the client): the backend's is reset if still open. */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    over = true;
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
    if (backend != null && backend.isActive()) {
      backend.close();
    }
    uncount();
    ctx.fireChannelInactive();
  }

  /**
   * The call cannot be completed: trailers with grpc-status 14 end the client's stream (after the
   * response headers when none were sent: a "trailers-only" response).
   */
  private void fail(String why) {
    if (over) {
      return;
    }
    over = true;
    uncount();
    Http2Headers trailers = new DefaultHttp2Headers();
    if (!responseStarted) {
      trailers.status("200").set("content-type", "application/grpc");
    }
    trailers.set("grpc-status", UNAVAILABLE).set("grpc-message", "jrack router: " + why);
    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(trailers, true));
    if (backend != null && backend.isActive()) {
      backend.close();
    }
  }

  private void uncount() {
    if (counted != null) {
      c.inFlight().end(counted);
      counted = null;
    }
  }

  /** The backend's side of the stream: its frames go to the client as they come. */
  private final class FromBackend extends ChannelInboundHandlerAdapter {
    private boolean ended;

    @Override
    public void channelRead(ChannelHandlerContext bctx, Object msg) {
      Http2StreamFrame frame = copy(msg);
      if (frame == null || over) {
        ReferenceCountUtil.release(frame);
        return;
      }
      responseStarted = true;
      boolean end = frame instanceof Http2HeadersFrame h ? h.isEndStream() : ((Http2DataFrame) frame).isEndStream();
      ctx.write(frame, ctx.voidPromise());
      if (end) {
        ended = true;
        ctx.flush();
        uncount();
      } else if (!ctx.channel().isWritable()) {
        bctx.channel().config().setAutoRead(false);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext bctx) {
      ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext bctx) {
      if (!over) {
        ctx.channel().config().setAutoRead(bctx.channel().isWritable());
      }
    }

    /** Reset or cut off before its end: the client gets UNAVAILABLE rather than a stream that never ends. */
    @Override
    public void channelInactive(ChannelHandlerContext bctx) {
      if (!ended) {
        fail(target.service + " ended the stream before its end");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext bctx, Throwable cause) {
      c.errors().caught("backend", counted, cause);
      bctx.close();
    }
  }
}
