package io.jrack.runtime.container;

import io.jrack.dns.Instance;
import io.jrack.dns.ServicePort;
import io.jrack.dns.ServiceRecords;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.Service;
import io.jrack.runtime.Routing;
import io.jrack.runtime.rollout.InstanceGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The router as the container runtime drives it, with the rack's DNS records kept in step: every
 * time a service's instances change (one turns healthy or unhealthy, starts, ends, joins or leaves
 * with a deploy or a scale), the router is told, and the service's entry in {@link ServiceRecords}
 * is rebuilt from every instance serving now, of any release, each healthy only while its health
 * check passes. The rollout calls {@link #backends} under the app's lock, so entries are written in
 * the order the changes happened. Services without a port are published too: a worker's
 * {@code ports:} (TCP or UDP) are reached by name.
 */
final class DnsRouting implements Routing {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DnsRouting.class);
  private final Routing router;
  private final ServiceRecords records;
  private final Function<String, List<InstanceGroup<ContainerSlot>>> groups;
  /** Per app, the ports of each service of the release being deployed or running. */
  private final Map<String, Map<String, List<ServicePort>>> ports = new ConcurrentHashMap<>();

  DnsRouting(Routing router, ServiceRecords records, Function<String, List<InstanceGroup<ContainerSlot>>> groups) {
    this.router = router;
    this.records = records;
    this.groups = groups;
  }

  /** The ports SRV answers give for the app's services from now on; returns the ones before, for {@link #restore}. */
  Map<String, List<ServicePort>> declare(String app, Manifest manifest) {
    Map<String, List<ServicePort>> declared = new ConcurrentHashMap<>();
    for (Service s : manifest.services()) {
      declared.put(s.name(), ServicePort.of(s));
    }
    Map<String, List<ServicePort>> before = ports.put(app, declared);
    return before == null ? Map.of() : before;
  }

  /** After a failed deploy: the ports of the release that still runs. */
  void restore(String app, Map<String, List<ServicePort>> before) {
    if (before.isEmpty()) {
      ports.remove(app);
    } else {
      ports.put(app, before);
    }
  }

  @Override
  public void backends(String app, String service, List<InetSocketAddress> healthy) {
    router.backends(app, service, healthy);
    boolean serving = false;
    List<Instance> instances = new ArrayList<>();
    for (InstanceGroup<ContainerSlot> g : groups.apply(app)) {
      if (!g.service().equals(service)) {
        continue;
      }
      serving = true;
      for (ContainerSlot s : g.instances()) {
        String host = s.host();
        InetAddress address = s.isStarted() ? literal(host) : null;
        if (address != null) {
          instances.add(new Instance(s.id(), List.of(address), s.status() == io.jrack.runtime.rollout.Instance.Status.RUNNING));
        }
      }
    }
    if (serving) {
      records.publish(app, service, ports.getOrDefault(app, Map.of()).getOrDefault(service, List.of()), instances);
    } else {
      // No release runs it any more: the name goes (NXDOMAIN), not just its addresses.
      records.removeService(app, service);
    }
  }

  @Override
  public void publish(String app, List<Route> routes) {
    router.publish(app, routes);
  }

  @Override
  public void unpublish(String app) {
    router.unpublish(app);
    records.removeApp(app);
    ports.remove(app);
  }

  @Override
  public List<BoundBalancer> balancers(String app) {
    return router.balancers(app);
  }

  @Override
  public int inFlight(InetSocketAddress backend) {
    return router.inFlight(backend);
  }

  @Override
  public long unexpectedErrors() {
    return router.unexpectedErrors();
  }

  /** The address the engine reported, parsed as an IP literal (never looked up); null while there is none. */
  private static InetAddress literal(String host) {
    if (host.isEmpty()) {
      return null;
    }
    if (!host.matches("[0-9a-fA-F:.]+")) {
      LOG.warn("container address {} is not an IP address (expected: IPv4 or IPv6 literal); left out of DNS", host);
      return null;
    }
    try {
      return InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      LOG.warn("container address {} is not an IP address ({}); left out of DNS", host, e.getMessage());
      return null;
    }
  }
}
