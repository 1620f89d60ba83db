package io.jrack.router;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive connections to backends, one pool per event loop of a router (the router holds
 * them, so they go with it): a frontend connection only takes connections of its own loop, so no
 * locking and no cross-thread hand-off on the hot path.
 */
final class BackendPool {
  /**
   * Per loop and backend. Below the number of requests in flight at once, connections beyond it are
   * closed after each response and opened again for the next: at 256 client connections a cap of 64 cost
   * a TCP connect per request and halved the router's throughput (docs/PERFORMANCE.md). nginx's
   * reference configuration keeps 256 per worker too.
   */
  static final int MAX_IDLE_PER_BACKEND = 256;
  private final Map<InetSocketAddress, ArrayDeque<BackendHandler>> idle = new HashMap<>();

  /** An idle, open connection to {@code backend}, or null. Call on the pool's loop only. */
  BackendHandler acquire(InetSocketAddress backend) {
    ArrayDeque<BackendHandler> q = idle.get(backend);
    if (q == null) {
      return null;
    }
    BackendHandler h;
    while ((h = q.pollLast()) != null) {
      if (h.channel().isActive()) {
        return h;
      }
    }
    return null;
  }

  void release(BackendHandler h) {
    ArrayDeque<BackendHandler> q = idle.computeIfAbsent(h.address, k -> new ArrayDeque<>());
    if (q.size() >= MAX_IDLE_PER_BACKEND || !h.channel().isActive()) {
      h.channel().close();
    } else {
      q.addLast(h);
    }
  }

  void remove(BackendHandler h) {
    ArrayDeque<BackendHandler> q = idle.get(h.address);
    if (q != null) {
      q.remove(h);
    }
  }
}
