package io.jrack.rack.embedded;

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
 * Gives every service with a port a stable internal endpoint on 127.0.0.1: assigned once, kept in
 * the store, the same across redeploys and rack restarts. 127.0.0.1 (not other 127/8 addresses)
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
    Set<Integer> taken = new HashSet<>();
    store.endpoints().forEach(e -> taken.add(e.port()));
    int span = last - first + 1;
    // Start from a hash of the name so that a fresh rack tends to give the same ports.
    int start = Math.floorMod((app + "/" + service).hashCode(), span);
    for (int i = 0; i < span; i++) {
      int port = first + (start + i) % span;
      if (!taken.contains(port) && isFree(port)) {
        try {
          store.putEndpoint(new Store.Endpoint(app, service, HOST, port));
          return new Endpoint("http", HOST, port);
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
