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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Gives every service with a port a stable internal endpoint on 127.0.0.1, and every resource a
 * stable address and credentials: assigned once, kept in the store, the same across redeploys and
 * rack restarts. 127.0.0.1 (not other 127/8 addresses)
 * because macOS has only that one without configuration.
 */
final class EndpointAllocator {
  static final String HOST = "127.0.0.1";
  private final Store store;
  private final int first;
  private final int last;

  EndpointAllocator(Store store, int first, int last) {
    this.store = store;
    this.first = first;
    this.last = last;
  }

  Optional<Endpoint> get(String app, String service) {
    return store.endpoint(app, service).map(e -> new Endpoint("http", e.host(), e.port()));
  }

  /** The service's endpoint, assigning a free port the first time. */
  synchronized Endpoint assign(String app, String service) {
    Optional<Endpoint> existing = get(app, service);
    if (existing.isPresent()) {
      return existing.get();
    }
    int port = claim(app + "/" + service, p -> store.putEndpoint(new Store.Endpoint(app, service, HOST, p)));
    return new Endpoint("http", HOST, port);
  }

  /**
   * The resource's address and credentials, assigned the first time (a free port, a random
   * password) and kept, so its server finds the same data and its users the same URL. A resource
   * whose server changed (postgres to redis) gets a fresh assignment: its old data belongs to
   * another kind of server.
   */
  synchronized Store.AssignedResource assignResource(String app, String name, ResourceKind kind) {
    Optional<Store.AssignedResource> existing = store.resource(app, name);
    if (existing.isPresent() && ResourceKind.of(existing.get().type()).map(ResourceKind::scheme).orElse("").equals(kind.scheme())) {
      return existing.get();
    }
    ResourceEndpoint shape = kind.at(HOST, 0, Ids.password());
    Store.AssignedResource[] made = new Store.AssignedResource[1];
    claim(app + "/resource/" + name, p -> {
      made[0] = new Store.AssignedResource(app, name, kind.type(), HOST, p, shape.user(), shape.password(), shape.database());
      store.putResource(made[0]);
    });
    return made[0];
  }

  /** Finds a port no endpoint or resource holds and nothing listens on, and records it with {@code put}. */
  private int claim(String key, java.util.function.IntConsumer put) {
    Set<Integer> taken = new HashSet<>();
    store.endpoints().forEach(e -> taken.add(e.port()));
    store.allResources().forEach(r -> taken.add(r.port()));
    int span = last - first + 1;
    // Start from a hash of the name so that a fresh rack tends to give the same ports.
    int start = Math.floorMod(key.hashCode(), span);
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
