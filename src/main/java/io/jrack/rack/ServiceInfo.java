package io.jrack.rack;

import java.util.List;

/** One row of {@code convox services}, in Convox's JSON shape. */
public record ServiceInfo(String name, String domain, List<PortMapping> ports, int count) {

  /** {@code balancer} is the port clients connect to, {@code container} the service's own. */
  public record PortMapping(int balancer, int container) {
    @Override
    public String toString() {
      return balancer + ":" + container;
    }
  }
}
