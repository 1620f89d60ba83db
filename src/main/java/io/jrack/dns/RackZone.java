package io.jrack.dns;

import io.jrack.discovery.ServiceNames;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The rack's own zone, {@code <rack>.local}, answered from {@link ServiceRecords}:
 *
 * <ul>
 *   <li>{@code <service>.<app>}: A and AAAA of the service's healthy instances;
 *   <li>{@code <instance>.<service>.<app>}: that instance's addresses while it is healthy (SRV targets);
 *   <li>{@code _<port name or protocol>._<protocol>.<service>.<app>}: SRV, one per healthy instance and port;
 *   <li>PTR of a healthy instance's address (under {@code in-addr.arpa} or {@code ip6.arpa}): its instance name.
 * </ul>
 *
 * A name the rack does not know is NXDOMAIN; a known name with nothing to say for the type (a service
 * with no healthy instance, AAAA of an IPv4-only service, an app's own name) is NODATA, because the
 * name exists and will have addresses again: NXDOMAIN would tell caches that nothing exists below
 * it either (RFC 8020), SRV names included. Both carry the SOA whose minimum is the TTL, so
 * negative answers are cached no longer than positive ones.
 */
final class RackZone {
  private static final int SRV_PRIORITY = 0;
  private static final int SRV_WEIGHT = 10;

  private final Name origin;
  private final ServiceRecords records;
  private final long ttl;
  private final SOARecord soa;
  private final AtomicInteger rotation = new AtomicInteger();

  RackZone(String rack, ServiceRecords records, Duration ttl) {
    try {
      this.origin = Name.fromString(ServiceNames.zone(rack) + ".");
      this.soa = new SOARecord(origin, DClass.IN, ttl.toSeconds(), Name.fromString("ns", origin), Name.fromString("hostmaster", origin),
          1, 60, 60, 3600, ttl.toSeconds());
    } catch (TextParseException e) {
      throw new IllegalArgumentException("rack name: \"%s\" (expected: a DNS label)".formatted(rack), e);
    }
    this.records = records;
    this.ttl = ttl.toSeconds();
  }

  Name origin() {
    return origin;
  }

  boolean contains(Name name) {
    return name.subdomain(origin);
  }

  /** Fills {@code response} (header and question already set) for a question in this zone. */
  void answer(Record question, Message response) {
    Name name = question.getName();
    int type = question.getType();
    int depth = name.labels() - origin.labels();
    String[] l = new String[depth];
    for (int i = 0; i < depth; i++) {
      l[i] = name.getLabelString(i).toLowerCase(Locale.ROOT);
    }
    boolean known = switch (depth) {
      case 0 -> {
        if (type == Type.SOA || type == Type.ANY) {
          response.addRecord(soa, Section.ANSWER);
        }
        yield true;
      }
      case 1 -> records.hasApp(l[0]);
      case 2 -> records.service(l[1], l[0]).map(e -> addAddresses(response, name, type, e.healthy())).isPresent();
      case 3 -> l[0].startsWith("_") ? protocolNode(l) : instance(response, name, type, l);
      case 4 -> srv(response, name, type, l);
      default -> false;
    };
    if (!known) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    if (response.getSection(Section.ANSWER).isEmpty()) {
      response.addRecord(soa, Section.AUTHORITY);
    }
  }

  /**
   * A PTR question for the address of a healthy instance: its instance name. False for any other
   * address, which the caller forwards.
   */
  boolean reverse(Record question, Message response) {
    Name name = question.getName();
    for (ServiceRecords.Located at : records.healthyInstances()) {
      for (InetAddress a : at.instance().addresses()) {
        if (ReverseMap.fromAddress(a).equals(name)) {
          Name target = child(child(child(origin, at.app()), at.service()), at.instance().id());
          response.addRecord(new PTRRecord(name, DClass.IN, ttl, target), Section.ANSWER);
          return true;
        }
      }
    }
    return false;
  }

  /** {@code _tcp.<service>.<app>}: a name with nothing of its own, under which the SRV names are. */
  private boolean protocolNode(String[] l) {
    return (l[0].equals("_tcp") || l[0].equals("_udp")) && records.service(l[2], l[1]).isPresent();
  }

  private boolean instance(Message response, Name name, int type, String[] l) {
    Optional<Instance> found = records.service(l[2], l[1])
        .flatMap(e -> e.instances().stream().filter(i -> i.id().equals(l[0])).findFirst());
    found.filter(Instance::healthy).ifPresent(i -> addAddresses(response, name, type, List.of(i)));
    return found.isPresent();
  }

  private boolean srv(Message response, Name name, int type, String[] l) {
    if (!l[0].startsWith("_") || !l[1].startsWith("_")) {
      return false;
    }
    String service = l[0].substring(1);
    String proto = l[1].substring(1);
    Optional<ServiceRecords.Entry> entry = records.service(l[3], l[2]);
    List<ServicePort> ports = entry.map(e -> e.ports().stream().filter(p -> p.matches(service, proto)).toList()).orElse(List.of());
    if (ports.isEmpty()) {
      return false;
    }
    if (type != Type.SRV && type != Type.ANY) {
      return true;
    }
    Name serviceName = parent(name, 2);
    List<Instance> healthy = rotated(entry.get().healthy());
    for (Instance i : healthy) {
      Name target = child(serviceName, i.id());
      for (ServicePort p : ports) {
        response.addRecord(new SRVRecord(name, DClass.IN, ttl, SRV_PRIORITY, SRV_WEIGHT, p.port(), target), Section.ANSWER);
      }
    }
    for (Instance i : healthy) {
      Name target = child(serviceName, i.id());
      for (InetAddress a : i.addresses()) {
        response.addRecord(address(target, a), Section.ADDITIONAL);
      }
    }
    return true;
  }

  /** Adds the addresses of {@code instances} that {@code type} asks for; always true (the name exists). */
  private boolean addAddresses(Message response, Name name, int type, List<Instance> instances) {
    boolean v4 = type == Type.A || type == Type.ANY;
    boolean v6 = type == Type.AAAA || type == Type.ANY;
    for (Instance i : rotated(instances)) {
      for (InetAddress a : i.addresses()) {
        if (a instanceof Inet4Address ? v4 : v6) {
          response.addRecord(address(name, a), Section.ANSWER);
        }
      }
    }
    return true;
  }

  private Record address(Name name, InetAddress a) {
    return a instanceof Inet6Address ? new AAAARecord(name, DClass.IN, ttl, a) : new ARecord(name, DClass.IN, ttl, a);
  }

  /** The list started at a different instance each time, so clients that take the first spread out. */
  private <T> List<T> rotated(List<T> list) {
    if (list.size() < 2) {
      return list;
    }
    int start = Math.floorMod(rotation.getAndIncrement(), list.size());
    List<T> out = new ArrayList<>(list.size());
    out.addAll(list.subList(start, list.size()));
    out.addAll(list.subList(0, start));
    return out;
  }

  private static Name parent(Name name, int drop) {
    return new Name(name, drop);
  }

  private static Name child(Name parent, String label) {
    try {
      return Name.concatenate(Name.fromString(label), parent);
    } catch (TextParseException | NameTooLongException e) {
      throw new IllegalStateException("instance name " + label + "." + parent + ": " + e.getMessage(), e);
    }
  }
}
