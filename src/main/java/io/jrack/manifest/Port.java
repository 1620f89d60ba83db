package io.jrack.manifest;

/** A service's main HTTP port and the scheme the service itself speaks on it. */
public record Port(int port, String scheme) {
  public static final String DEFAULT_SCHEME = "http";

  @Override
  public String toString() {
    return DEFAULT_SCHEME.equals(scheme) ? Integer.toString(port) : scheme + ":" + port;
  }
}
