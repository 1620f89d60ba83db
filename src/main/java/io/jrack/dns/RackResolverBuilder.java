package io.jrack.dns;

import io.jrack.manifest.DnsLabel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.config.ResolvConfResolverConfigProvider;

/** Settings of a {@link RackResolver}; {@code rack}, {@code records} and {@code listen} are required. */
public final class RackResolverBuilder {
  String rack;
  ServiceRecords records;
  InetSocketAddress listen;
  List<InetSocketAddress> upstreams;
  Duration ttl = Duration.ofSeconds(1);
  int queriesPerSecondPerSource = 5000;
  int maxTcpConnections = 256;
  int maxForwardsInFlight = 512;
  Duration forwardTimeout = Duration.ofSeconds(1);
  Duration tcpIdleTimeout = Duration.ofSeconds(10);
  SourceFilter allowedSources = SourceFilter.of(List.of());
  java.net.InetAddress internalRouter;

  RackResolverBuilder() {}

  /** The rack's name: the zone is {@code <rack>.local}. */
  public RackResolverBuilder rack(String rack) {
    if (!DnsLabel.matches(rack, DnsLabel.MAX)) {
      throw new IllegalArgumentException("rack name: \"%s\" (expected: a DNS label: lowercase letters, digits and dashes, starting with a letter, at most 63)"
          .formatted(DnsLabel.shown(String.valueOf(rack))));
    }
    this.rack = rack;
    return this;
  }

  public RackResolverBuilder records(ServiceRecords records) {
    this.records = Objects.requireNonNull(records, "records");
    return this;
  }

  /** The address and port for both UDP and TCP; port 0 picks a free one (see {@link RackResolver#address()}). */
  public RackResolverBuilder listen(InetSocketAddress listen) {
    this.listen = Objects.requireNonNull(listen, "listen");
    return this;
  }

  /**
   * The networks queries may come from ({@code 10.89.0.0/24}); others get no answer. Default: any,
   * which is right only on an address nothing outside the machine can reach.
   */
  public RackResolverBuilder allowedSources(List<String> networks) {
    this.allowedSources = SourceFilter.of(networks);
    return this;
  }

  /**
   * Where the rack's internal router listens for these clients: every {@code <service>.<app>.<rack>.internal}
   * is answered with it (an IPv4 address). Default: none, and those names are forwarded like any other.
   */
  public RackResolverBuilder internalRouter(java.net.InetAddress address) {
    this.internalRouter = Objects.requireNonNull(address, "address");
    return this;
  }

  /** Where other names go; default: the {@code nameserver}s of the machine's {@code /etc/resolv.conf}. Empty: REFUSED. */
  public RackResolverBuilder upstreams(List<InetSocketAddress> upstreams) {
    this.upstreams = List.copyOf(upstreams);
    return this;
  }

  /** TTL of every answer and of negative answers; default 1 s, so a change is seen within a second. */
  public RackResolverBuilder ttl(Duration ttl) {
    if (ttl.isNegative() || ttl.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("ttl: %s (expected: 0 to 3600 seconds)".formatted(ttl));
    }
    this.ttl = ttl;
    return this;
  }

  /** Queries a source address may make per second before the rest are dropped; 0: no limit. Default 5000. */
  public RackResolverBuilder queriesPerSecondPerSource(int limit) {
    this.queriesPerSecondPerSource = atLeast("queries per second per source", limit, 0);
    return this;
  }

  public RackResolverBuilder maxTcpConnections(int max) {
    this.maxTcpConnections = atLeast("max TCP connections", max, 1);
    return this;
  }

  public RackResolverBuilder maxForwardsInFlight(int max) {
    this.maxForwardsInFlight = atLeast("max forwards in flight", max, 1);
    return this;
  }

  /** How long each upstream try may take (each server is tried twice). Default 1 s. */
  public RackResolverBuilder forwardTimeout(Duration timeout) {
    this.forwardTimeout = timeout;
    return this;
  }

  /** How long a TCP connection may stay without a complete query before it is closed. Default 10 s. */
  public RackResolverBuilder tcpIdleTimeout(Duration timeout) {
    this.tcpIdleTimeout = timeout;
    return this;
  }

  public RackResolver build() {
    if (rack == null || records == null || listen == null) {
      throw new IllegalStateException("a rack resolver needs rack, records and listen (missing: %s)".formatted(
          rack == null ? "rack" : records == null ? "records" : "listen"));
    }
    List<InetSocketAddress> up = upstreams != null ? upstreams : machineResolvers();
    return new DefaultRackResolver(this, up.stream().filter(a -> !a.equals(listen)).toList());
  }

  /** The nameservers of /etc/resolv.conf, as dnsjava reads it. */
  static List<InetSocketAddress> machineResolvers() {
    ResolvConfResolverConfigProvider conf = new ResolvConfResolverConfigProvider();
    conf.initialize();
    return List.copyOf(conf.servers());
  }

  private static int atLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException("%s: %d (expected: at least %d)".formatted(what, value, min));
    }
    return value;
  }
}
