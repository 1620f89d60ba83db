package io.jrack.discovery;

import java.util.List;
import java.util.stream.Collectors;

/** One row of {@code convox services}: SERVICE, DOMAIN, PORTS ({@code 80:3000 443:3000}). */
public record ServiceRow(String name, String domain, List<Port> ports) {

  /** A listener port and the service port it forwards to. */
  public record Port(int balancer, int container) {
    @Override
    public String toString() {
      return balancer + ":" + container;
    }
  }

  /** The PORTS column: entries separated by one space, blank for a service with no port. */
  public String portsText() {
    return ports.stream().map(Port::toString).collect(Collectors.joining(" "));
  }
}
