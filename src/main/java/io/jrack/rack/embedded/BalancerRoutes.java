package io.jrack.rack.embedded;

import io.jrack.manifest.Balancer;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.Nlb;
import io.jrack.manifest.Service;
import io.jrack.runtime.Routing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The TCP balancers a manifest asks for, per service: v3's {@code balancers:} and Gen2's
 * {@code nlb:} listeners. Only TCP is relayed: a UDP port or a TLS listener (which would need the
 * cloud's certificate) is left out, and {@code skipped} hears why.
 */
final class BalancerRoutes {
  private BalancerRoutes() {}

  static Map<String, List<Routing.Balancer>> of(Manifest manifest, Consumer<String> skipped) {
    Map<String, List<Routing.Balancer>> out = new LinkedHashMap<>();
    for (Balancer b : manifest.balancers()) {
      Service s = manifest.service(b.service()).orElse(null);
      if (s == null) {
        continue; // the validator has said so already
      }
      for (Balancer.BalancerPort p : b.ports()) {
        if (!"TCP".equals(p.protocol())) {
          skipped.accept("balancer %s: port %d is %s, not served (only TCP is)".formatted(b.name(), p.source(), p.protocol()));
          continue;
        }
        out.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(balancer(b.name(), p.source(), p.target(), s));
      }
    }
    for (Service s : manifest.services()) {
      for (Nlb n : s.nlb()) {
        if (!"tcp".equals(n.protocol())) {
          skipped.accept("service %s: nlb port %d is %s, not served (only tcp is)".formatted(s.name(), n.port(), n.protocol()));
          continue;
        }
        out.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(balancer("nlb", n.port(), n.containerPort(), s));
      }
    }
    return out;
  }

  /** The service's main port is where each process listens on its own {@code $PORT}; another target port is the process's own. */
  private static Routing.Balancer balancer(String name, int port, int target, Service s) {
    return new Routing.Balancer(name, port, target, s.hasPort() && s.port().port() == target);
  }
}
