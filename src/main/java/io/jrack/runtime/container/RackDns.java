package io.jrack.runtime.container;

import io.jrack.discovery.ServiceNames;
import io.jrack.dns.RackResolver;
import io.jrack.dns.ServiceRecords;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The rack's resolver on its container network: port 53 of the network's gateway, answering only
 * the network's own addresses (so it is no open resolver for whoever routes to the gateway), the
 * rack's zone from {@link ServiceRecords}, the internal router's names ({@code <service>.<app>.<rack>.internal},
 * the gateway, where the router answers them for the rack's containers) and every other name forwarded to the machine's
 * resolvers. Each container is told to use it with the search domains of its app.
 */
final class RackDns implements AutoCloseable {
  static final int PORT = 53;
  /**
   * {@code api.nodedemo} (one dot) is tried with the search domains before as it is, so it is
   * answered by the rack at once instead of going to the machine's resolver first.
   */
  static final List<String> OPTIONS = List.of("ndots:2");

  private final String rack;
  private final String gateway;
  private final ServiceRecords records;
  private final RackResolver resolver;

  private RackDns(String rack, String gateway, RackResolver resolver, ServiceRecords records) {
    this.rack = rack;
    this.gateway = gateway;
    this.resolver = resolver;
    this.records = records;
  }

  /** Starts answering on {@code gateway}:53 for queries from {@code subnet}; fails saying why it could not listen. */
  static RackDns start(String rack, String gateway, String subnet) throws EngineException {
    ServiceRecords records = new ServiceRecords();
    RackResolver resolver;
    try {
      resolver = RackResolver.builder().rack(rack).records(records).listen(new InetSocketAddress(gateway, PORT))
          .allowedSources(List.of(subnet)).internalRouter(java.net.InetAddress.getByName(gateway)).build();
    } catch (IllegalArgumentException | java.net.UnknownHostException e) {
      throw new EngineException("the rack's DNS: " + e.getMessage());
    }
    RackDns dns = new RackDns(rack, gateway, resolver, records);
    try {
      resolver.start();
    } catch (IOException e) {
      throw new EngineException("the rack's DNS could not listen on %s:%d (another DNS server on port 53 of every address?): %s"
          .formatted(gateway, PORT, e.getMessage()));
    }
    return dns;
  }

  ServiceRecords records() {
    return records;
  }

  /** What a container of {@code app} is told: this resolver, and its app's then the rack's domain to search. */
  ContainerEngine.Dns settings(String app) {
    return new ContainerEngine.Dns(gateway, ServiceNames.searchDomains(rack, app), OPTIONS);
  }

  @Override
  public void close() {
    resolver.close();
  }
}
