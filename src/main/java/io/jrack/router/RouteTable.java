package io.jrack.router;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host name to service, for the public listeners. Exact names are one hash lookup; wildcard
 * domains ({@code *.example.org}) are tried label by label from the most specific. Internal
 * services are never in it, so no Host header can reach them from a public listener. Every entry
 * belongs to the app that published it: one app's changes never remove or replace another's.
 */
final class RouteTable {
  private final Map<String, Target> exact = new ConcurrentHashMap<>();
  private final Map<String, Target> wildcard = new ConcurrentHashMap<>();
  private final Map<String, Target> services = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> hostsByApp = new ConcurrentHashMap<>();
  /** Bumped by every change, so connections know when a cached lookup may be stale. */
  private volatile int version;

  int version() {
    return version;
  }

  Target service(String app, String service) {
    return services.computeIfAbsent(app + "/" + service, k -> new Target(app, service));
  }

  /**
   * Replaces the app's host names with {@code hosts}. A name another app serves is not taken: the
   * whole change is refused ({@link HostConflictException}) and nothing changes, so a deploy fails
   * rather than steal a domain, and the app that has it keeps it.
   */
  synchronized void publish(String app, Map<Target, List<String>> hosts) {
    Map<String, String> taken = conflicts(app, hosts.values().stream().flatMap(List::stream).toList());
    if (!taken.isEmpty()) {
      throw new HostConflictException(taken);
    }
    Set<String> next = new HashSet<>();
    hosts.forEach((target, names) -> {
      for (String name : names) {
        String host = name.toLowerCase(Locale.ROOT);
        next.add(host);
        table(host).put(key(host), target);
      }
    });
    for (String old : hostsByApp.getOrDefault(app, Set.of())) {
      if (!next.contains(old)) {
        remove(app, old);
      }
    }
    hostsByApp.put(app, next);
    version++;
  }

  /** Of {@code hosts}, those another app serves now, each with that app (in the order given). */
  synchronized Map<String, String> conflicts(String app, Collection<String> hosts) {
    Map<String, String> taken = new LinkedHashMap<>();
    for (String name : hosts) {
      String host = name.toLowerCase(Locale.ROOT);
      Target t = table(host).get(key(host));
      if (t != null && !t.app.equals(app)) {
        taken.put(host, t.app);
      }
    }
    return taken;
  }

  synchronized void unpublish(String app) {
    hostsByApp.getOrDefault(app, Set.of()).forEach(host -> remove(app, host));
    hostsByApp.remove(app);
    services.keySet().removeIf(k -> k.startsWith(app + "/"));
    version++;
  }

  /** Removes {@code host} if {@code app} serves it: never another app's entry. */
  private void remove(String app, String host) {
    Map<String, Target> m = table(host);
    Target t = m.get(key(host));
    if (t != null && t.app.equals(app)) {
      m.remove(key(host), t);
    }
  }

  private Map<String, Target> table(String host) {
    return host.startsWith("*.") ? wildcard : exact;
  }

  /** A wildcard {@code *.example.org} is kept as the suffix {@code .example.org} that lookups try. */
  private static String key(String host) {
    return host.startsWith("*.") ? host.substring(1) : host;
  }

  /** The public service for a Host header value ({@code name} or {@code name:port}); null if none. */
  Target lookup(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty() || hostHeader.length() > 255) {
      return null;
    }
    String host = stripPort(hostHeader).toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    Target t = exact.get(host);
    if (t != null || wildcard.isEmpty()) {
      return t;
    }
    for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
      t = wildcard.get(host.substring(dot));
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
