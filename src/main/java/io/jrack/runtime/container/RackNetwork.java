package io.jrack.runtime.container;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rack's own container network: created once (the engine picks a subnet no other network or
 * host route uses), kept up by a holder container, and bridged back to the host's loopback by a
 * {@link HostRelay}, so that links and resources ({@code http://127.0.0.1:21005}) work from inside
 * containers once rewritten to the gateway address.
 */
final class RackNetwork implements AutoCloseable {
  private static final Pattern LOOPBACK = Pattern.compile("\\b(?:127\\.0\\.0\\.1|localhost):(\\d{1,5})\\b");

  private final ContainerEngine.Network network;
  private final HostRelay relay;

  private RackNetwork(ContainerEngine.Network network, HostRelay relay) {
    this.network = network;
    this.relay = relay;
  }

  static RackNetwork open(ContainerEngine engine, String name, Map<String, String> labels) throws EngineException {
    ContainerEngine.Network n = engine.network(name, labels);
    engine.hold(name + "-holder", name, labels);
    try {
      return new RackNetwork(n, new HostRelay(n.gateway(), n.subnet()));
    } catch (IOException e) {
      throw new EngineException("network " + name + ": " + e.getMessage());
    }
  }

  String name() {
    return network.name();
  }

  String gateway() {
    return network.gateway();
  }

  String subnet() {
    return network.subnet();
  }

  /**
   * The value as a container must see it: each loopback address with a port becomes the gateway's,
   * relayed; a bare loopback host ({@code DATABASE_HOST}) becomes the gateway.
   */
  String rewrite(String value) throws IOException {
    if (value.equals("127.0.0.1") || value.equals("localhost")) {
      return network.gateway();
    }
    Matcher m = LOOPBACK.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int port = Integer.parseInt(m.group(1));
      if (port > 0 && port < 65536) {
        relay.expose(port);
        m.appendReplacement(out, Matcher.quoteReplacement(network.gateway() + ":" + port));
      }
    }
    m.appendTail(out);
    return out.toString();
  }


  @Override
  public void close() {
    relay.close();
  }
}
