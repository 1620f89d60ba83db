package io.jrack.router;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host name to service, for the public listeners. Exact names are one hash lookup; wildcard
 * domains ({@code *.example.org}) are tried label by label from the most specific. Internal
 * services are never in it, so no Host header can reach them from a public listener.
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

  synchronized void publish(String app, Map<Target, List<String>> hosts) {
    Set<String> next = new HashSet<>();
    hosts.forEach((target, names) -> {
      for (String name : names) {
        String host = name.toLowerCase(Locale.ROOT);
        next.add(host);
        if (host.startsWith("*.")) {
          wildcard.put(host.substring(1), target);
        } else {
          exact.put(host, target);
        }
      }
    });
    for (String old : hostsByApp.getOrDefault(app, Set.of())) {
      if (!next.contains(old)) {
        remove(old);
      }
    }
    hostsByApp.put(app, next);
    version++;
  }

  synchronized void unpublish(String app) {
    hostsByApp.getOrDefault(app, Set.of()).forEach(this::remove);
    hostsByApp.remove(app);
    services.keySet().removeIf(k -> k.startsWith(app + "/"));
    version++;
  }

  private void remove(String host) {
    if (host.startsWith("*.")) {
      wildcard.remove(host.substring(1));
    } else {
      exact.remove(host);
    }
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
