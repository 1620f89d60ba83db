package io.jrack.runtime.rollout;

import io.jrack.runtime.Routing;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What runs for one app: the active release's groups, routes and resources, and every group now
 * serving (during a deploy, the old release's and the new one's). Changes to {@link #serving} are
 * made under this object's lock, which also guards announcing to the router.
 */
final class AppInstances<I extends Instance> {
  final String app;
  private final Routing routing;
  Map<String, InstanceGroup<I>> active = Map.of();
  /** The active release; null until a release of the app has run. */
  io.jrack.runtime.AppRelease release = null;
  /** The active release's routes; null until a release of the app has run. */
  List<Routing.Route> routes = null;
  /** The resource servers the active release uses. */
  Set<String> resources = Set.of();
  private final Map<String, List<InstanceGroup<I>>> serving = new ConcurrentHashMap<>();
  /** Set once the app is removed: a late health change of a stopping instance must not reach the router. */
  private boolean gone;

  AppInstances(String app, Routing routing) {
    this.app = app;
    this.routing = routing;
  }

  synchronized void add(Map<String, InstanceGroup<I>> groups) {
    groups.forEach((service, group) -> serving.computeIfAbsent(service, k -> new CopyOnWriteArrayList<>()).add(group));
  }

  /** Takes groups out of {@link #serving}; a service left without any is forgotten. */
  synchronized void remove(Map<String, InstanceGroup<I>> groups) {
    groups.forEach((service, group) -> {
      List<InstanceGroup<I>> list = serving.get(service);
      if (list != null) {
        list.remove(group);
        if (list.isEmpty()) {
          serving.remove(service);
        }
      }
    });
  }

  /** Every group serving now, of any release. */
  synchronized List<InstanceGroup<I>> all() {
    return serving.values().stream().flatMap(Collection::stream).toList();
  }

  /** Stops announcing; returns every group, to stop. */
  synchronized List<InstanceGroup<I>> forget() {
    gone = true;
    return all();
  }

  /** True when nothing of the app runs and no release of it ever ran. */
  synchronized boolean empty() {
    return serving.isEmpty() && routes == null;
  }

  /**
   * Tells the router which instances of the service are healthy now. Computing and setting happen
   * under the lock: otherwise an instance's announce computed before a group left could land after
   * it and put stopped instances back in rotation.
   */
  synchronized void announce(String service) {
    if (gone) {
      return;
    }
    List<InetSocketAddress> healthy = new ArrayList<>();
    for (InstanceGroup<I> g : serving.getOrDefault(service, List.of())) {
      healthy.addAll(g.healthy());
    }
    routing.backends(app, service, healthy);
  }
}
