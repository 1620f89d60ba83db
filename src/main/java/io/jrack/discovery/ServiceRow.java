package io.jrack.discovery;

import java.util.List;

/** One row of {@code convox services}: SERVICE, DOMAIN, PORTS ({@code 80:3000 443:3000}). */
public record ServiceRow(String name, String domain, List<String> ports) {

  /** The PORTS column: entries separated by one space, blank for a service with no port. */
  public String portsText() {
    return String.join(" ", ports);
  }
}
