package io.jrack.router;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight per backend, so a process leaving the rotation is stopped only once they are done.
 * Event loops start and end requests concurrently, without a lock: a count that reaches 0 is retired
 * (set to {@link #RETIRED} in the same step that checks it is 0) before its entry is removed, and a start
 * never increments a retired count but takes a new one. So no start can land on a count that is about to
 * be removed, which would leave a request in flight uncounted and its process stopped under it.
 */
final class InFlight {
  private static final int RETIRED = Integer.MIN_VALUE;

  private final ConcurrentHashMap<InetSocketAddress, AtomicInteger> counts = new ConcurrentHashMap<>();

  void start(InetSocketAddress backend) {
    while (true) {
      AtomicInteger c = counts.computeIfAbsent(backend, k -> new AtomicInteger());
      for (int n = c.get(); n != RETIRED; n = c.get()) {
        if (c.compareAndSet(n, n + 1)) {
          return;
        }
      }
      // Being removed by the end that retired it: help, and count on a new one.
      counts.remove(backend, c);
    }
  }

  void end(InetSocketAddress backend) {
    AtomicInteger c = counts.get(backend);
    if (c != null && c.decrementAndGet() == 0 && c.compareAndSet(0, RETIRED)) {
      counts.remove(backend, c);
    }
  }

  int of(InetSocketAddress backend) {
    AtomicInteger c = counts.get(backend);
    return c == null ? 0 : Math.max(0, c.get());
  }
}
