package io.jrack.discovery;

/** Where a service can be reached from inside the rack. */
public record Endpoint(String scheme, String host, int port) {

  public String url() {
    return scheme + "://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return url();
  }
}
