package io.jrack.dns;

import io.jrack.manifest.DnsLabel;
import java.net.InetAddress;
import java.util.List;

/**
 * One running instance of a service: its id (a DNS label, which names it as
 * {@code <id>.<service>.<app>.<rack>.local}), its addresses (IPv4 for A records, IPv6 for AAAA) and
 * whether its health check passes. Only healthy instances are ever answered.
 */
public record Instance(String id, List<InetAddress> addresses, boolean healthy) {

  public Instance {
    if (!DnsLabel.matches(id, DnsLabel.MAX)) {
      throw new IllegalArgumentException("instance id: \"%s\" (expected: a DNS label: lowercase letters, digits and dashes, starting with a letter, at most 63)"
          .formatted(DnsLabel.shown(String.valueOf(id))));
    }
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("instance " + id + ": no address (expected: at least one)");
    }
  }

  public static Instance healthy(String id, InetAddress... addresses) {
    return new Instance(id, List.of(addresses), true);
  }

  public static Instance unhealthy(String id, InetAddress... addresses) {
    return new Instance(id, List.of(addresses), false);
  }

  public Instance withHealth(boolean healthy) {
    return new Instance(id, addresses, healthy);
  }
}
