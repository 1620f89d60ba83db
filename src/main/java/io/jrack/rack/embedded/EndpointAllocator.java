package io.jrack.rack.embedded;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ResourceKind;

import io.jrack.discovery.Endpoint;
import io.jrack.store.Store;
import io.jrack.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every service with a port a stable internal endpoint on 127.0.0.1, and every resource a
 * stable address and credentials: assigned once, kept in the store, the same across redeploys and
 * rack restarts, unless another program took the port meanwhile (another rack on this machine,
 * say): then a free one is chosen and kept instead. 127.0.0.1 (not other 127/8 addresses)
 * because macOS has only that one without configuration.
 */
final class EndpointAllocator {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointAllocator.class);
  static final String HOST = "127.0.0.1";
  private final Store store;
  /** Mixed into the first port tried, so that two racks on one machine start from different ports. */
  private final String rack;
  private final int first;
  private final int last;
  /**
   * Per app/service or app/resource/name, the port the app's running release uses: held by the
   * rack itself (its router, its resource servers), so not being free is no reason to move it. Any
   * other stored port (after a restart, or one a failed deploy never bound) is checked first.
   */
  private final Map<String, Integer> running = new HashMap<>();

  EndpointAllocator(Store store, String rack, int first, int last) {
    this.store = store;
    this.rack = rack;
    this.first = first;
    this.last = last;
  }

  Optional<Endpoint> get(String app, String service) {
    return store.endpoint(app, service).map(e -> new Endpoint("http", e.host(), e.port()));
  }

  /** The service's endpoint, assigning a free port the first time, and another when its port was taken. */
  synchronized Endpoint assign(String app, String service) {
    String key = app + "/" + service;
    Optional<Endpoint> existing = get(app, service);
    if (existing.isPresent() && usable(key, existing.get().port())) {
      return existing.get();
    }
    int port = claim(key, p -> store.putEndpoint(new Store.Endpoint(app, service, HOST, p)));
    existing.ifPresent(e -> LOG.warn("endpoint of {}: port {} is taken by another program, moved to {}", key, e.port(), port));
    return new Endpoint("http", HOST, port);
  }

  /** True when the port is the one the app's running release uses, or free now. */
  private boolean usable(String key, int port) {
    return Integer.valueOf(port).equals(running.get(key)) || isFree(port);
  }

  /** Records the ports of the release that now runs for the app (replacing those of the one before). */
  synchronized void running(String app, Map<String, Endpoint> services, Map<String, ResourceEndpoint> resources) {
    running.keySet().removeIf(k -> k.startsWith(app + "/"));
    services.forEach((service, e) -> running.put(app + "/" + service, e.port()));
    resources.forEach((name, e) -> running.put(app + "/resource/" + name, e.port()));
  }

  /** Forgets the app's ports (the app is deleted). */
  synchronized void forget(String app) {
    running.keySet().removeIf(k -> k.startsWith(app + "/"));
  }

  /**
   * The resource's address and credentials, assigned the first time (a free port, a random
   * password) and kept, so its server finds the same data and its users the same URL. A resource
   * whose server changed (postgres to redis) gets a fresh assignment: its old data belongs to
   * another kind of server.
   */
  synchronized Store.AssignedResource assignResource(String app, String name, ResourceKind kind) {
    String key = app + "/resource/" + name;
    Optional<Store.AssignedResource> existing = store.resource(app, name);
    boolean sameKind = existing.isPresent() && ResourceKind.of(existing.get().type()).map(ResourceKind::scheme).orElse("").equals(kind.scheme());
    if (sameKind && usable(key, existing.get().port())) {
      return existing.get();
    }
    // Moved to a free port, a resource keeps its credentials (its data knows them); a new one gets its own.
    ResourceEndpoint shape = sameKind ? ResourcePlanner.endpoint(existing.get()) : kind.at(HOST, 0, Ids.password());
    Store.AssignedResource[] made = new Store.AssignedResource[1];
    int port = claim(key, p -> {
      made[0] = new Store.AssignedResource(app, name, kind.type(), HOST, p, shape.user(), shape.password(), shape.database());
      store.putResource(made[0]);
    });
    if (sameKind) {
      LOG.warn("resource {}: port {} is taken by another program, moved to {}", key, existing.get().port(), port);
    }
    return made[0];
  }

  /** Finds a port no endpoint or resource holds and nothing listens on, and records it with {@code put}. */
  private int claim(String key, java.util.function.IntConsumer put) {
    Set<Integer> taken = new HashSet<>();
    store.endpoints().forEach(e -> taken.add(e.port()));
    store.allResources().forEach(r -> taken.add(r.port()));
    int span = last - first + 1;
    // Start from a hash of the rack and the name: a fresh rack tends to give the same ports, and
    // another rack on the machine other ones.
    int start = Math.floorMod((rack + "|" + key).hashCode(), span);
    for (int i = 0; i < span; i++) {
      int port = first + (start + i) % span;
      if (!taken.contains(port) && isFree(port)) {
        try {
          put.accept(port);
          return port;
        } catch (StoreException e) {
          if (!e.conflict()) {
            throw e;
          }
        }
      }
    }
    throw new IllegalStateException("no free port for an internal endpoint in " + first + "-" + last);
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
