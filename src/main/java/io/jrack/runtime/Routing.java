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
   * One service's routes: its public host names (none when internal), its internal endpoint, and the
   * scheme its processes speak on their port ({@code http}, {@code https} or {@code grpc}).
   */
  record Route(String service, List<String> hosts, boolean internal, Endpoint endpoint, String scheme) {
    /** A service that speaks plain HTTP. */
    public Route(String service, List<String> hosts, boolean internal, Endpoint endpoint) {
      this(service, hosts, internal, endpoint, "http");
    }
  }

  /** Replaces the app's routes; backends already announced for a service are kept. */
  void publish(String app, List<Route> routes);

  /** Removes every route of the app. */
  void unpublish(String app);

  /** The processes of a service that are healthy now. */
  void backends(String app, String service, List<InetSocketAddress> healthy);

  /** Requests sent to {@code backend} and not yet answered. */
  int inFlight(InetSocketAddress backend);
}
