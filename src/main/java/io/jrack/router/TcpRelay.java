package io.jrack.router;

import io.jrack.runtime.Routing;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection of a TCP balancer: connected to a healthy process of the service (the next
 * one, round robin; another when a connection is refused, as a process can die before its health
 * check says so), then bytes relayed both ways. Each side reads again only once what it read was
 * written to the other, so a slow reader slows its writer. A half-close is passed on.
 */
final class TcpRelay extends ChannelInboundHandlerAdapter {
  /** Processes tried for one connection: enough to get past a stopped one or two. */
  private static final int ATTEMPTS = 3;

  private final Target target;
  private final Routing.Balancer balancer;
  private final int connectTimeoutMillis;
  private final UnexpectedErrors errors;
  /**
   * What the client sent before the process was connected: a peer's close makes the channel read
   * even with reading off (epoll's RDHUP), so a short request and its FIN can both come early.
   */
  private final List<Object> early = new ArrayList<>();
  private boolean earlyEnd;

  TcpRelay(Target target, Routing.Balancer balancer, int connectTimeoutMillis, UnexpectedErrors errors) {
    this.target = target;
    this.balancer = balancer;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.errors = errors;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connect(ctx, null, ATTEMPTS);
  }

  private void connect(ChannelHandlerContext ctx, InetSocketAddress failed, int attemptsLeft) {
    InetSocketAddress process = failed == null ? target.next() : target.nextExcept(failed);
    if (process == null || !ctx.channel().isActive()) {
      drop();
      ctx.close();
      return;
    }
    InetSocketAddress to = balancer.mainPort() ? process : new InetSocketAddress(process.getAddress(), balancer.target());
    Channel client = ctx.channel();
    new Bootstrap()
        .group(client.eventLoop())
        .channel(Transport.client())
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
        .handler(new Side(client, errors))
        .connect(to).addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) {
            if (attemptsLeft > 1) {
              connect(ctx, process, attemptsLeft - 1);
            } else {
              drop();
              ctx.close();
            }
            return;
          }
          Channel backend = f.channel();
          if (!client.isActive() && early.isEmpty()) {
            backend.close();
            return;
          }
          early.forEach(backend::write);
          early.clear();
          backend.flush();
          ctx.pipeline().replace(this, "relay", new Side(backend, errors));
          if (earlyEnd) {
            backend.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(x -> ((DuplexChannel) backend).shutdownOutput());
          } else {
            client.read();
          }
          backend.read();
        });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    early.add(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      earlyEnd = true;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    drop();
  }

  private void drop() {
    early.forEach(ReferenceCountUtil::release);
    early.clear();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.caught("client", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  /** One direction: what this channel reads goes to {@code peer}. */
  static final class Side extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final UnexpectedErrors errors;

    Side(Channel peer, UnexpectedErrors errors) {
      this.peer = peer;
      this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
        if (f.isSuccess()) {
          ctx.channel().read();
        } else {
          ctx.close();
          peer.close();
        }
      });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        // This side will send no more: neither will its peer's output, once what is queued is out.
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
          DuplexChannel out = (DuplexChannel) peer;
          if (out.isInputShutdown() || !f.isSuccess()) {
            peer.close();
            ctx.close();
          } else {
            out.shutdownOutput();
          }
        });
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.caught("tcp", ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }
}
