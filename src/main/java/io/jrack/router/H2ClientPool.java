package io.jrack.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * HTTP/2 connections in clear (h2c, prior knowledge) to {@code grpc:} backends, one per backend per
 * event loop, each carrying every stream of that loop to that backend (HTTP/2 multiplexes, so one
 * connection is what gRPC servers expect). Opened on first use; a closed one is opened again on the next.
 */
final class H2ClientPool {
  private final EventLoop loop;
  private final UnexpectedErrors errors;
  private final Map<InetSocketAddress, Channel> open = new HashMap<>();
  /** Streams waiting for a connection being opened. */
  private final Map<InetSocketAddress, List<Consumer<Channel>>> waiting = new HashMap<>();

  H2ClientPool(EventLoop loop, UnexpectedErrors errors) {
    this.loop = loop;
    this.errors = errors;
  }

  /**
   * The connection to {@code backend} for {@code ready}, or the reason it cannot be had for {@code failed}.
   * Call on the pool's loop only.
   */
  void connection(InetSocketAddress backend, int connectTimeoutMillis, Consumer<Channel> ready, Consumer<Throwable> failed) {
    Channel ch = open.get(backend);
    if (ch != null && ch.isActive()) {
      ready.accept(ch);
      return;
    }
    List<Consumer<Channel>> queue = waiting.get(backend);
    if (queue != null) {
      queue.add(c -> {
        if (c == null) {
          failed.accept(new java.net.ConnectException("connection to " + backend + " failed"));
        } else {
          ready.accept(c);
        }
      });
      return;
    }
    List<Consumer<Channel>> mine = new ArrayList<>();
    waiting.put(backend, mine);
    new Bootstrap()
        .group(loop)
        .channel(Transport.client())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel c) {
            c.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
            // Streams the backend would open (server push) are not taken.
            c.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                ctx.close();
              }
            }));
            c.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.caught("backend", backend, cause);
                ctx.close();
              }
            });
          }
        })
        .connect(backend).addListener((ChannelFutureListener) f -> {
          waiting.remove(backend);
          if (f.isSuccess()) {
            Channel c = f.channel();
            open.put(backend, c);
            c.closeFuture().addListener(x -> open.remove(backend, c));
            ready.accept(c);
            mine.forEach(w -> w.accept(c));
          } else {
            failed.accept(f.cause());
            mine.forEach(w -> w.accept(null));
          }
        });
  }
}
