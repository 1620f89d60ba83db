package io.jrack.manifest;

/**
 * A service's main HTTP port and the scheme the service itself speaks on it. In a probe's
 * {@code port} the scheme is null when not written.
 */
public record Port(int port, String scheme) {
  public static final String DEFAULT_SCHEME = "http";

  @Override
  public String toString() {
    return scheme == null || DEFAULT_SCHEME.equals(scheme) ? Integer.toString(port) : scheme + ":" + port;
  }
}
