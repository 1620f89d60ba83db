package io.jrack.rack;

import java.util.List;

/**
 * One row of {@code convox services} and {@code convox scale}, in Convox's JSON shape: the desired
 * {@code count}, {@code cpu} (units, 1024 a core) and {@code memory} (MB) of each process, as the
 * manifest says or {@code convox scale} set them.
 */
public record ServiceInfo(String name, String domain, List<PortMapping> ports, int count, int cpu, int memory) {

  /** A service whose cpu and memory are not known (0, as Convox shows them then). */
  public ServiceInfo(String name, String domain, List<PortMapping> ports, int count) {
    this(name, domain, ports, count, 0, 0);
  }

  /** {@code balancer} is the port clients connect to, {@code container} the service's own. */
  public record PortMapping(int balancer, int container) {
    @Override
    public String toString() {
      return balancer + ":" + container;
    }
  }
}
