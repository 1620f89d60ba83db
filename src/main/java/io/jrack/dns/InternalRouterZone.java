package io.jrack.dns;

import io.jrack.discovery.ServiceNames;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The internal router's domain, {@code <rack>.internal}: {@code <service>.<app>.<rack>.internal} is
 * A of the one address the internal router listens on for the rack's containers (the network's
 * gateway), as Convox v3 points {@code *.<DomainInternal>} at its internal balancer. Which services
 * the router serves there is the router's business (404 for the others), so no service table is
 * needed here; names of another depth are NXDOMAIN, other types NODATA.
 */
final class InternalRouterZone {
  private final Name origin;
  private final InetAddress address;
  private final long ttl;
  private final SOARecord soa;

  InternalRouterZone(String rack, InetAddress address, Duration ttl) {
    if (!(address instanceof Inet4Address)) {
      throw new IllegalArgumentException("internal router address: %s (expected: an IPv4 address)".formatted(address));
    }
    try {
      this.origin = Name.fromString(ServiceNames.internalRouterZone(rack) + ".");
      this.soa = new SOARecord(origin, DClass.IN, ttl.toSeconds(), Name.fromString("ns", origin), Name.fromString("hostmaster", origin),
          1, 60, 60, 3600, ttl.toSeconds());
    } catch (TextParseException e) {
      throw new IllegalArgumentException("rack name: \"%s\" (expected: a DNS label)".formatted(rack), e);
    }
    this.address = address;
    this.ttl = ttl.toSeconds();
  }

  boolean contains(Name name) {
    return name.subdomain(origin);
  }

  /** Fills {@code response} (header and question already set) for a question in this domain. */
  void answer(Record question, Message response) {
    Name name = question.getName();
    int depth = name.labels() - origin.labels();
    if (depth != 0 && depth != 2) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
      response.addRecord(soa, Section.AUTHORITY);
      return;
    }
    if (depth == 2 && (question.getType() == Type.A || question.getType() == Type.ANY)) {
      response.addRecord(new ARecord(name, DClass.IN, ttl, address), Section.ANSWER);
      return;
    }
    response.addRecord(soa, Section.AUTHORITY);
  }
}
