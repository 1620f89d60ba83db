package io.jrack.manifest;

/** An extra port from {@code ports:} or {@code agent.ports}: a number and tcp or udp. */
public record PortSpec(int port, String protocol) {
  @Override
  public String toString() {
    return "tcp".equals(protocol) ? Integer.toString(port) : port + "/" + protocol;
  }
}
