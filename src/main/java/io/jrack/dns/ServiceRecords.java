package io.jrack.dns;

import io.jrack.manifest.DnsLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What the rack's resolver answers from: per app, per service, its ports and its instances with
 * their health. The runtime publishes a service when its release starts and each instance as it
 * starts, turns healthy or unhealthy, and stops; the resolver reads it on every query, so a change
 * is answered from the next query on. Each service's entry is replaced whole (readers never see half
 * an update); safe for any number of writers and readers.
 */
public final class ServiceRecords {
  private final Map<String, Map<String, Entry>> apps = new ConcurrentHashMap<>();

  /** A service as published: its ports and every instance, healthy or not. */
  public record Entry(List<ServicePort> ports, List<Instance> instances) {
    public Entry {
      ports = List.copyOf(ports);
      instances = List.copyOf(instances);
    }

    /** The instances the resolver may answer with. */
    public List<Instance> healthy() {
      return instances.stream().filter(Instance::healthy).toList();
    }
  }

  /** Declares (or replaces) a service with its ports and instances. */
  public void publish(String app, String service, List<ServicePort> ports, List<Instance> instances) {
    check("app", app);
    check("service", service);
    Entry entry = new Entry(ports, instances);
    apps.compute(app, (k, services) -> with(services, service, entry));
  }

  /** Adds an instance of a published service, or replaces the one with its id (e.g. its health changed). */
  public void instance(String app, String service, Instance instance) {
    update(app, service, e -> {
      List<Instance> list = new ArrayList<>(e.instances().size() + 1);
      boolean replaced = false;
      for (Instance i : e.instances()) {
        if (i.id().equals(instance.id())) {
          list.add(instance);
          replaced = true;
        } else {
          list.add(i);
        }
      }
      if (!replaced) {
        list.add(instance);
      }
      return new Entry(e.ports(), list);
    });
  }

  /** Marks an instance healthy or not; nothing happens when it is not published. */
  public void health(String app, String service, String id, boolean healthy) {
    update(app, service, e -> new Entry(e.ports(),
        e.instances().stream().map(i -> i.id().equals(id) ? i.withHealth(healthy) : i).toList()));
  }

  public void removeInstance(String app, String service, String id) {
    update(app, service, e -> new Entry(e.ports(), e.instances().stream().filter(i -> !i.id().equals(id)).toList()));
  }

  public void removeService(String app, String service) {
    apps.computeIfPresent(app, (k, services) -> {
      Map<String, Entry> copy = new HashMap<>(services);
      copy.remove(service);
      return Map.copyOf(copy);
    });
  }

  /** Forgets an app and all its services (the app was deleted). */
  public void removeApp(String app) {
    apps.remove(app);
  }

  /** Where an instance is: its app and service. */
  public record Located(String app, String service, Instance instance) {}

  /** Every healthy instance of every service, for reverse lookups (a rack has hundreds, not millions). */
  public List<Located> healthyInstances() {
    List<Located> out = new ArrayList<>();
    apps.forEach((app, services) -> services.forEach((service, entry) ->
        entry.healthy().forEach(i -> out.add(new Located(app, service, i)))));
    return out;
  }

  public boolean hasApp(String app) {
    return apps.containsKey(app);
  }

  public Optional<Entry> service(String app, String service) {
    Map<String, Entry> services = apps.get(app);
    return services == null ? Optional.empty() : Optional.ofNullable(services.get(service));
  }

  private void update(String app, String service, UnaryOperator<Entry> change) {
    apps.computeIfPresent(app, (k, services) -> {
      Entry e = services.get(service);
      return e == null ? services : with(services, service, change.apply(e));
    });
  }

  private static Map<String, Entry> with(Map<String, Entry> services, String service, Entry entry) {
    Map<String, Entry> copy = services == null ? new HashMap<>() : new HashMap<>(services);
    copy.put(service, entry);
    return Map.copyOf(copy);
  }

  private static void check(String kind, String name) {
    if (!DnsLabel.matches(name, DnsLabel.MAX)) {
      throw new IllegalArgumentException("%s name: \"%s\" (expected: a DNS label: lowercase letters, digits and dashes, starting with a letter, at most 63)"
          .formatted(kind, DnsLabel.shown(String.valueOf(name))));
    }
  }
}
