package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;

/**
 * The backend side of one upstream connection: reads the responses it sends (their heads in place,
 * their bodies only as far as their framing) and relays them to the frontend it serves now. While
 * pooled (no frontend), anything it receives is dropped and it closes: a connection that talks unasked
 * is not safe to reuse. After a 101 it relays bytes as they come.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  /** Limits on a backend's response head: generous, since the backend is the rack's own service. */
  private static final int MAX_STATUS_LINE = 8192;
  private static final int MAX_FIELDS = 65536;

  final InetSocketAddress address;
  private final BackendPool pool;
  private final UnexpectedErrors errors;
  private final ResponseHead head = new ResponseHead();
  private final BodyFraming body = new BodyFraming();
  private ProxyHandler front;
  private Channel channel;
  private boolean headRequest;
  private boolean inBody;
  private boolean tunnel;
  /** A response head that came in parts, until it is whole. */
  private ByteBuf partial;

  BackendHandler(InetSocketAddress address, BackendPool pool, UnexpectedErrors errors) {
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

  /** Serves {@code front} from now on, for a request whose method was HEAD or not (its response has no body). */
  void bind(ProxyHandler front, boolean headRequest) {
    this.front = front;
    this.headRequest = headRequest;
    this.inBody = false;
  }

  void unbind() {
    this.front = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (tunnel) {
      ProxyHandler f = front;
      if (f != null) {
        f.tunnelFromBackend(this, in);
      } else {
        in.release();
      }
      return;
    }
    ByteBuf buf = partial == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), partial, in);
    partial = null;
    read(ctx, buf);
    if (buf.isReadable()) {
      partial = buf;
    } else {
      buf.release();
    }
  }

  /** Relays what {@code buf} holds; leaves unread only the start of a head that is not whole yet. */
  private void read(ChannelHandlerContext ctx, ByteBuf buf) {
    while (buf.isReadable()) {
      ProxyHandler f = front;
      if (f == null) {
        buf.skipBytes(buf.readableBytes());
        ctx.close();
        return;
      }
      if (inBody) {
        int n = body.scan(buf, buf.readerIndex(), buf.writerIndex());
        if (body.failed()) {
          fail(ctx, buf, f, "invalid chunked body");
          return;
        }
        boolean last = body.done();
        inBody = !last;
        f.responseBody(this, buf.readRetainedSlice(n), last);
        continue;
      }
      int status = head.parse(buf, MAX_STATUS_LINE, MAX_FIELDS);
      if (status == MessageHead.INCOMPLETE) {
        return;
      }
      if (status != MessageHead.COMPLETE) {
        fail(ctx, buf, f, head.error);
        return;
      }
      BodyFraming.Kind kind = head.framing(headRequest);
      body.reset(kind, head.contentLength);
      int headLength = head.end - head.start;
      int n = body.scan(buf, head.end, buf.writerIndex());
      if (body.failed()) {
        fail(ctx, buf, f, "invalid chunked body");
        return;
      }
      boolean last = body.done();
      inBody = !last;
      f.responseHead(this, head, buf, headLength, n, last, kind);
      buf.skipBytes(headLength + n);
      // Unless the frontend refused the switch (it asked for none) and let go of this connection.
      tunnel = head.status == 101 && front != null;
      if (tunnel) {
        if (buf.isReadable()) {
          f.tunnelFromBackend(this, buf.readRetainedSlice(buf.readableBytes()));
        }
        return;
      }
    }
  }

  private void fail(ChannelHandlerContext ctx, ByteBuf buf, ProxyHandler f, String why) {
    buf.skipBytes(buf.readableBytes());
    f.backendFailed(this, why);
    ctx.close();
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
    if (partial != null) {
      partial.release();
      partial = null;
    }
    pool.remove(this);
    ProxyHandler f = front;
    if (f != null) {
      f.backendClosed(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.caught("backend", address, cause);
    ctx.close();
  }
}
