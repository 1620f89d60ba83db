package io.jrack.router;

import io.jrack.runtime.Routing;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rack's TCP balancers: one listener per balancer port, on the router's address, each relaying
 * connections to its service's healthy processes ({@link TcpRelay}). A listener asks for the
 * manifest's port; when it cannot have it (taken, or below 1024 without the right), it takes one the
 * system gives and says so: {@code convox services} shows the port it got. Called under the
 * router's lock.
 */
final class TcpBalancers {
  private static final Logger LOG = LoggerFactory.getLogger(TcpBalancers.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private record Key(String app, String service, Routing.Balancer balancer) {}

  private final String host;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final UnexpectedErrors errors;
  private final Map<Key, Channel> open = new LinkedHashMap<>();

  TcpBalancers(String host, EventLoopGroup boss, EventLoopGroup workers, UnexpectedErrors errors) {
    this.host = host;
    this.boss = boss;
    this.workers = workers;
    this.errors = errors;
  }

  /** Makes the app's listeners those of {@code routes}: new ones open, gone or changed ones close, the rest keep their port. */
  void publish(String app, List<Routing.Route> routes, BiFunction<String, String, Target> targets) {
    List<Key> wanted = new ArrayList<>();
    for (Routing.Route r : routes) {
      for (Routing.Balancer b : r.balancers()) {
        wanted.add(new Key(app, r.service(), b));
      }
    }
    // Closed first: a balancer whose target changed asks for the port its old listener held.
    open.entrySet().removeIf(e -> {
      boolean drop = e.getKey().app().equals(app) && !wanted.contains(e.getKey());
      if (drop) {
        e.getValue().close().awaitUninterruptibly();
      }
      return drop;
    });
    for (Key k : wanted) {
      if (!open.containsKey(k)) {
        open.put(k, bind(k, targets.apply(app, k.service())));
      }
    }
  }

  void unpublish(String app) {
    publish(app, List.of(), (a, s) -> null);
  }

  List<Routing.BoundBalancer> of(String app) {
    List<Routing.BoundBalancer> out = new ArrayList<>();
    open.forEach((k, ch) -> {
      if (k.app().equals(app)) {
        out.add(new Routing.BoundBalancer(k.service(), k.balancer().name(), k.balancer().port(), port(ch), k.balancer().target()));
      }
    });
    return out;
  }

  void close() {
    open.values().forEach(Channel::close);
    open.clear();
  }

  private Channel bind(Key k, Target target) {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(Transport.server())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new TcpRelay(target, k.balancer(), CONNECT_TIMEOUT_MILLIS, errors));
          }
        });
    ChannelFuture asked = b.bind(host, k.balancer().port()).awaitUninterruptibly();
    if (asked.isSuccess()) {
      return asked.channel();
    }
    ChannelFuture any = b.bind(host, 0).awaitUninterruptibly();
    if (!any.isSuccess()) {
      Throwable e = any.cause();
      throw new IllegalStateException("balancer %s of %s/%s: could not listen on %s (%s)".formatted(
          k.balancer().name(), k.app(), k.service(), host, e == null ? "cancelled" : e.getMessage()), e);
    }
    LOG.warn("balancer {} of {}/{}: port {} not available on {} ({}); listening on {} instead", k.balancer().name(), k.app(), k.service(),
        k.balancer().port(), host, asked.cause() == null ? "cancelled" : asked.cause().getMessage(), port(any.channel()));
    return any.channel();
  }

  private static int port(Channel ch) {
    return ((InetSocketAddress) ch.localAddress()).getPort();
  }
}
