package io.jrack.router;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rack's internal router ({@code internalRouter: true}, Convox v3's internal balancer): the
 * router's own listeners as reached from inside the rack. A connection that came in on a loopback
 * address (the machine itself, where the process runtime's services run) or on a container
 * network's gateway address (which the network fence lets only that network's containers reach) may
 * name, besides every public host, the internal router's hosts ({@code <service>.<app>.<rack>.internal});
 * a connection on any other address (a public one) gets 404 for them, as for an internal service.
 */
final class InternalRouter {
  private final RouteTable table = new RouteTable();
  private final Set<InetAddress> addresses = ConcurrentHashMap.newKeySet();

  void publish(String app, Map<Target, List<String>> hosts) {
    table.publish(app, hosts);
  }

  void unpublish(String app) {
    table.unpublish(app);
  }

  /** Connections that come in on {@code address} are from inside the rack from now on. */
  void admit(InetAddress address) {
    addresses.add(address);
  }

  boolean inside(InetAddress local) {
    return local != null && (local.isLoopbackAddress() || addresses.contains(local));
  }

  /** The public listeners' resolver, which answers the internal router's hosts too on connections from inside. */
  Sided over(ProxyHandler.Resolver publicResolver) {
    return new Sided(publicResolver, this);
  }

  /** A listener's resolver whose answers depend on the address a connection came in on. */
  record Sided(ProxyHandler.Resolver outside, InternalRouter router) implements ProxyHandler.Resolver {
    @Override
    public Target resolve(String host) {
      return outside.resolve(host);
    }

    @Override
    public int version() {
      return outside.version();
    }

    /** The resolver for a connection that came in on {@code local}. */
    ProxyHandler.Resolver at(InetAddress local) {
      if (!router.inside(local)) {
        return outside;
      }
      return new ProxyHandler.Resolver() {
        @Override
        public Target resolve(String host) {
          Target t = router.table.lookup(host);
          return t != null ? t : outside.resolve(host);
        }

        @Override
        public int version() {
          // Both only grow, so their sum changes with either.
          return outside.version() + router.table.version();
        }
      };
    }
  }
}
