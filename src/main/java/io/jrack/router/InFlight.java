package io.jrack.router;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Requests in flight per backend, so a process leaving the rotation is stopped only once they are done. */
final class InFlight {
  private final ConcurrentHashMap<InetSocketAddress, AtomicInteger> counts = new ConcurrentHashMap<>();

  void start(InetSocketAddress backend) {
    counts.computeIfAbsent(backend, k -> new AtomicInteger()).incrementAndGet();
  }

  void end(InetSocketAddress backend) {
    AtomicInteger c = counts.get(backend);
    if (c != null && c.decrementAndGet() <= 0) {
      counts.remove(backend, c);
    }
  }

  int of(InetSocketAddress backend) {
    AtomicInteger c = counts.get(backend);
    return c == null ? 0 : Math.max(0, c.get());
  }
}
