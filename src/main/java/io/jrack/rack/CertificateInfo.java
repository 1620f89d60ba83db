package io.jrack.rack;

import java.time.Instant;
import java.util.List;

/** One of the router's certificates ({@code convox certs}): its id, the names it serves, when it expires. No key. */
public record CertificateInfo(String id, String domain, List<String> domains, Instant expiration) {

  public CertificateInfo {
    domains = domains == null ? List.of() : List.copyOf(domains);
  }
}
