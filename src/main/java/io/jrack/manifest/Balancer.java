package io.jrack.manifest;

import java.util.List;

/** A v3 custom TCP balancer: listener ports forwarded to a service's ports. */
public record Balancer(String name, String service, List<BalancerPort> ports, List<String> whitelist, Position position) {

  /** {@code source} is the listener port, {@code target} the service's port. */
  public record BalancerPort(int source, int target, String protocol) {}
}
