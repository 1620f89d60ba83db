package io.jrack.dns;

import io.jrack.manifest.PortSpec;
import io.jrack.manifest.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A port a service's instances listen on, as SRV records publish it: under
 * {@code _<name>._<protocol>} when it has a name (the main port's scheme, {@code http}, {@code grpc}...),
 * and always under {@code _<protocol>._<protocol>}, so an unnamed {@code ports:} entry is found too.
 */
public record ServicePort(String name, int port, String protocol) {

  public ServicePort {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: %d (expected: a number 1-65535)".formatted(port));
    }
    protocol = protocol.toLowerCase(Locale.ROOT);
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new IllegalArgumentException("protocol: \"%s\" (expected: tcp or udp)".formatted(protocol));
    }
    if (name != null) {
      name = name.toLowerCase(Locale.ROOT);
    }
  }

  /** The ports of a manifest service: its main port named by its scheme, then its {@code ports:}. */
  public static List<ServicePort> of(Service service) {
    List<ServicePort> out = new ArrayList<>();
    service.mainPort().ifPresent(p -> out.add(new ServicePort(p.scheme() == null ? "http" : p.scheme(), p.port(), "tcp")));
    for (PortSpec spec : service.ports()) {
      out.add(new ServicePort(null, spec.port(), spec.protocol()));
    }
    return List.copyOf(out);
  }

  /** Whether {@code _<service>._<proto>} names this port. */
  boolean matches(String service, String proto) {
    return protocol.equals(proto) && (service.equals(protocol) || service.equals(name));
  }
}
