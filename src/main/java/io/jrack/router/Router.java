package io.jrack.router;

import io.jrack.discovery.Endpoint;
import io.jrack.runtime.Routing;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded rack's data plane: public listeners routing by Host (which are the internal router
 * too for connections from inside the rack, {@link InternalRouter}), and an internal endpoint per
 * service. Implements {@link Routing} so the process runtime can drive it.
 */
public final class Router implements Routing, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  /** Unexpected errors are logged at most this often (each is counted, see {@link #unexpectedErrors}). */
  private static final Duration ERROR_LOG_INTERVAL = Duration.ofSeconds(10);

  private final RouterConfig config;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final RouteTable table = new RouteTable();
  private final InternalRouter internalRouter = new InternalRouter();
  /** Listeners on a container network's gateway, where the public ones are bound to one address only. */
  private final List<Channel> insideListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final InFlight inFlight = new InFlight();
  /** One per worker loop, made with the loops and gone with them: nothing outlives {@link #close}. */
  private final Map<EventLoop, BackendPool> pools;
  /** The same, for the HTTP/1.1 connections HTTP/2 streams are relayed on. */
  private final Map<EventLoop, Http1ClientPool> http1Pools;
  /** The h2c connections to gRPC backends, one per backend per loop. */
  private final Map<EventLoop, H2ClientPool> h2Pools;
  private final UnexpectedErrors errors = new UnexpectedErrors(ERROR_LOG_INTERVAL);
  /** Read per new connection, so a change applies to every connection opened after it. */
  private volatile RouterLimits limits;
  private final Map<String, Listener> endpoints = new ConcurrentHashMap<>();
  private final TcpBalancers balancers;
  /** The HTTPS listener's certificates by name; null without HTTPS. */
  private final SniCertificates certificates;
  private Channel http;
  private Channel https;

  /** An internal endpoint listener and the service it serves. */
  private record Listener(String app, Endpoint endpoint, Channel channel) {}

  private Router(RouterConfig config) {
    this.config = config;
    this.limits = config.limits();
    this.boss = Transport.group(1);
    this.workers = Transport.group(config.threads());
    Map<EventLoop, BackendPool> byLoop = new IdentityHashMap<>();
    Map<EventLoop, Http1ClientPool> http1ByLoop = new IdentityHashMap<>();
    Map<EventLoop, H2ClientPool> h2ByLoop = new IdentityHashMap<>();
    for (EventExecutor loop : workers) {
      byLoop.put((EventLoop) loop, new BackendPool());
      http1ByLoop.put((EventLoop) loop, new Http1ClientPool());
      h2ByLoop.put((EventLoop) loop, new H2ClientPool((EventLoop) loop, errors));
    }
    this.pools = Collections.unmodifiableMap(byLoop);
    this.http1Pools = Collections.unmodifiableMap(http1ByLoop);
    this.h2Pools = Collections.unmodifiableMap(h2ByLoop);
    this.balancers = new TcpBalancers(config.bindHost(), boss, workers, errors);
    this.certificates = config.tls() == null ? null : new SniCertificates(config.tls());
  }

  public static Router start(RouterConfig config) throws InterruptedException {
    Router r = new Router(config);
    try {
      if (config.httpPort() >= 0) {
        r.http = r.bind(config.bindHost(), config.httpPort(), null, "http", r.publicResolver());
      }
      if (config.httpsPort() >= 0 && config.tls() != null) {
        r.https = r.bind(config.bindHost(), config.httpsPort(), config.tls(), "https", r.publicResolver());
      }
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    LOG.info("router listening: http {} https {} ({} transport)", r.httpPort(), r.httpsPort(), Transport.name());
    return r;
  }

  private ProxyHandler.Resolver publicResolver() {
    return internalRouter.over(new ProxyHandler.Resolver() {
      @Override
      public Target resolve(String host) {
        Target t = table.lookup(host);
        return t == null || t.internal() ? null : t;
      }

      @Override
      public int version() {
        return table.version();
      }
    });
  }

  /** A listener whose requests go where {@code resolver} says (package-private for tests that need their own). */
  Channel bind(String host, int port, SslContext tls, String scheme, ProxyHandler.Resolver resolver) {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(Transport.server())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ClientPipeline(this, tls, scheme, resolver));
    // Waited for uninterruptibly (the flag is kept): given up half way, the bind could still
    // complete and leave a listener nobody holds.
    io.netty.channel.ChannelFuture bound = b.bind(host, port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      Throwable e = bound.cause();
      throw new IllegalStateException("could not listen on " + host + ":" + port + " (" + (e == null ? "cancelled" : e.getMessage()) + ")", e);
    }
    return bound.channel();
  }

  /** The HTTPS listener's certificates, by the name a client asks for; null when the router has no HTTPS. */
  public SniCertificates certificates() {
    return certificates;
  }

  /** New limits and timeouts, for connections opened from now on. */
  public void limits(RouterLimits limits) {
    this.limits = limits;
  }

  public RouterLimits limits() {
    return limits;
  }

  public int httpPort() {
    return http == null ? -1 : ((InetSocketAddress) http.localAddress()).getPort();
  }

  public int httpsPort() {
    return https == null ? -1 : ((InetSocketAddress) https.localAddress()).getPort();
  }

  /**
   * Replaces the app's routes. A public host another app serves is not taken: nothing changes and
   * {@link HostConflictException} says which hosts and apps (see {@link #conflicts} to ask first).
   */
  @Override
  public synchronized void publish(String app, List<Route> routes) {
    Map<String, String> taken = table.conflicts(app, publicHosts(routes));
    if (!taken.isEmpty()) {
      throw new HostConflictException(taken);
    }
    Map<Target, List<String>> hosts = new LinkedHashMap<>();
    Map<Target, List<String>> inside = new LinkedHashMap<>();
    for (Route r : routes) {
      Target t = table.service(app, r.service());
      t.internal(r.internal());
      t.scheme(Scheme.of(r.scheme()));
      hosts.put(t, r.internal() ? List.of() : r.hosts());
      inside.put(t, r.internalRouterHosts());
      if (r.endpoint() != null) {
        ensureEndpoint(app, r.service(), r.endpoint(), t);
      }
    }
    table.publish(app, hosts);
    internalRouter.publish(app, inside);
    balancers.publish(app, routes, table::service);
    List<String> keep = routes.stream().map(r -> app + "/" + r.service()).toList();
    endpoints.entrySet().removeIf(e -> {
      boolean drop = e.getValue().app().equals(app) && !keep.contains(e.getKey());
      if (drop) {
        e.getValue().channel().close();
      }
      return drop;
    });
  }

  /**
   * Why {@link #publish} would refuse these routes of {@code app}: one line per public host that
   * another app serves ({@code domain shop.example.com: already served by app b}); empty when none.
   */
  public synchronized List<String> conflicts(String app, List<Route> routes) {
    return HostConflictException.lines(table.conflicts(app, publicHosts(routes)));
  }

  private static List<String> publicHosts(List<Route> routes) {
    return routes.stream().filter(r -> !r.internal()).flatMap(r -> r.hosts().stream()).toList();
  }

  /**
   * Makes the service's internal endpoint listen, or throws saying why it cannot (the port taken).
   * A moved endpoint listens at its new address before the old one closes, so a failed move leaves
   * the old one serving.
   */
  private void ensureEndpoint(String app, String service, Endpoint endpoint, Target target) {
    String key = app + "/" + service;
    Listener existing = endpoints.get(key);
    if (existing != null && existing.endpoint().equals(endpoint) && existing.channel().isActive()) {
      return;
    }
    if (existing != null && existing.endpoint().equals(endpoint)) {
      existing.channel().close().awaitUninterruptibly();
    }
    Channel ch = bind(endpoint.host(), endpoint.port(), null, "http", host -> target);
    endpoints.put(key, new Listener(app, endpoint, ch));
    if (existing != null && !existing.endpoint().equals(endpoint)) {
      existing.channel().close();
    }
  }

  @Override
  public synchronized void unpublish(String app) {
    endpoints.entrySet().removeIf(e -> {
      boolean drop = e.getValue().app().equals(app);
      if (drop) {
        e.getValue().channel().close();
      }
      return drop;
    });
    table.unpublish(app);
    internalRouter.unpublish(app);
    balancers.unpublish(app);
  }

  /**
   * The internal router on {@code address} (a container network's gateway): connections that come
   * in there may name internal-router hosts. The public listeners already listen there when bound
   * to every address; otherwise they get a listener there, same port. Returns those ports.
   */
  @Override
  public synchronized List<Integer> internalRouter(java.net.InetAddress address) {
    internalRouter.admit(address);
    List<Integer> ports = new java.util.ArrayList<>();
    for (Channel ch : java.util.Arrays.asList(http, https)) {
      if (ch == null) {
        continue;
      }
      InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
      if (!bound.getAddress().isAnyLocalAddress() && !bound.getAddress().equals(address)) {
        SslContext tls = ch == https ? config.tls() : null;
        insideListeners.add(bind(address.getHostAddress(), bound.getPort(), tls, ch == https ? "https" : "http", publicResolver()));
      }
      ports.add(bound.getPort());
    }
    return ports;
  }

  @Override
  public synchronized List<BoundBalancer> balancers(String app) {
    return balancers.of(app);
  }

  @Override
  public void backends(String app, String service, List<InetSocketAddress> healthy) {
    table.service(app, service).backends(healthy);
  }

  @Override
  public int inFlight(InetSocketAddress backend) {
    return inFlight.of(backend);
  }

  /**
   * Exceptions the router did not expect (a bug, not a peer going away) since it started: each closed
   * the connection it happened on, and is logged (at most one every 10 seconds).
   */
  @Override
  public long unexpectedErrors() {
    return errors.count();
  }

  BackendPool pool(EventLoop loop) {
    return pools.get(loop);
  }

  Http1ClientPool http1Pool(EventLoop loop) {
    return http1Pools.get(loop);
  }

  H2ClientPool h2Pool(EventLoop loop) {
    return h2Pools.get(loop);
  }

  InFlight inFlight() {
    return inFlight;
  }

  UnexpectedErrors errors() {
    return errors;
  }

  /** The pools of idle backend connections, one per worker loop. */
  Collection<BackendPool> pools() {
    return pools.values();
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    if (https != null) {
      https.close();
    }
    endpoints.values().forEach(l -> l.channel().close());
    insideListeners.forEach(Channel::close);
    synchronized (this) {
      balancers.close();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
