package io.jrack.router;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Netty's native epoll transport on Linux when it loads, else NIO. */
final class Transport {
  static final boolean EPOLL = Epoll.isAvailable();

  private Transport() {}

  static EventLoopGroup group(int threads) {
    return EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
  }

  static Class<? extends ServerSocketChannel> server() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  static Class<? extends SocketChannel> client() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  static String name() {
    return EPOLL ? "epoll" : "nio";
  }
}
