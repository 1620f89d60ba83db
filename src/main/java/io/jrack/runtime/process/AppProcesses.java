package io.jrack.runtime.process;

import io.jrack.runtime.Routing;
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
final class AppProcesses {
  Map<String, ServiceGroup> active = Map.of();
  /** The active release's routes; null until a release of the app has run. */
  List<Routing.Route> routes = null;
  /** The resource servers the active release uses. */
  Set<String> resources = Set.of();
  final Map<String, List<ServiceGroup>> serving = new ConcurrentHashMap<>();

  synchronized void add(Map<String, ServiceGroup> groups) {
    groups.forEach((service, group) -> serving.computeIfAbsent(service, k -> new CopyOnWriteArrayList<>()).add(group));
  }

  /** Takes groups out of {@link #serving}; a service left without any is forgotten. */
  synchronized void remove(Map<String, ServiceGroup> groups) {
    groups.forEach((service, group) -> {
      List<ServiceGroup> list = serving.get(service);
      if (list != null) {
        list.remove(group);
        if (list.isEmpty()) {
          serving.remove(service);
        }
      }
    });
  }

  /** Every group serving now, of any release. */
  synchronized List<ServiceGroup> all() {
    return serving.values().stream().flatMap(Collection::stream).toList();
  }

  /** True when nothing of the app runs and no release of it ever ran. */
  synchronized boolean empty() {
    return serving.isEmpty() && routes == null;
  }
}
