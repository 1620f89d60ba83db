package io.jrack.runtime;

import io.jrack.discovery.Endpoint;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The data plane as a runtime drives it: which host names and internal endpoints lead to which
 * service, and which processes of a service may take traffic right now. The embedded router
 * implements it; the process runtime calls it.
 */
public interface Routing {

  /**
   * One service's routes: its public host names (none when {@code internal}: not on the public
   * listeners), its internal endpoint, the scheme its processes speak on their port ({@code http},
   * {@code https} or {@code grpc}), its TCP balancers, and the names the internal router answers for
   * it ({@code internalRouter: true}), reached only from inside the rack.
   */
  record Route(String service, List<String> hosts, boolean internal, Endpoint endpoint, String scheme, List<Balancer> balancers,
      List<String> internalRouterHosts) {
    /** A service not on the internal router. */
    public Route(String service, List<String> hosts, boolean internal, Endpoint endpoint, String scheme, List<Balancer> balancers) {
      this(service, hosts, internal, endpoint, scheme, balancers, List.of());
    }

    /** A service without TCP balancers. */
    public Route(String service, List<String> hosts, boolean internal, Endpoint endpoint, String scheme) {
      this(service, hosts, internal, endpoint, scheme, List.of());
    }

    /** A service that speaks plain HTTP. */
    public Route(String service, List<String> hosts, boolean internal, Endpoint endpoint) {
      this(service, hosts, internal, endpoint, "http");
    }
  }

  /**
   * A TCP listener of the rack ({@code balancers:} in a v3 manifest, {@code nlb:} in a Gen2 one)
   * relayed to the service's healthy processes: {@code port} is the listener port the manifest asks
   * for; {@code target} the port of the process connected to, except when {@code mainPort}: then the
   * process's own port (where the service's {@code port:} listens, {@code $PORT}).
   */
  record Balancer(String name, int port, int target, boolean mainPort) {}

  /** A balancer as it listens: on {@code port}, or another one when that could not be had ({@code asked}). */
  record BoundBalancer(String service, String name, int asked, int port, int target) {}

  /** Replaces the app's routes; backends already announced for a service are kept. */
  void publish(String app, List<Route> routes);

  /**
   * Lets connections that come in on {@code address} (a container network's gateway) reach the
   * internal router; returns the ports it answers on there (none where there is no internal router).
   */
  default List<Integer> internalRouter(java.net.InetAddress address) {
    return List.of();
  }

  /** Removes every route of the app. */
  void unpublish(String app);

  /** The processes of a service that are healthy now. */
  void backends(String app, String service, List<InetSocketAddress> healthy);

  /** The app's TCP balancers as they listen now (none where the runtime serves no balancers). */
  default List<BoundBalancer> balancers(String app) {
    return List.of();
  }

  /** Requests sent to {@code backend} and not yet answered. */
  int inFlight(InetSocketAddress backend);

  /** Errors of the router's own (not a peer going away) since it started: logged, and counted for the rack to show. */
  default long unexpectedErrors() {
    return 0;
  }
}
