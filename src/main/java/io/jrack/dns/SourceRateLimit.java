package io.jrack.dns;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code perSecond} queries from one source address in each second (a fixed window, counted
 * in a map that is dropped when the second turns, so it costs one map lookup per query). The map
 * holds at most {@code maxSources} addresses: past that, a new source waits for the next second, so
 * spoofed sources cannot grow it or escape the limit. {@code perSecond} 0 means no limit.
 */
final class SourceRateLimit {
  private final int perSecond;
  private final int maxSources;
  private volatile long window;
  private volatile Map<InetAddress, AtomicInteger> counts = new ConcurrentHashMap<>();

  SourceRateLimit(int perSecond, int maxSources) {
    this.perSecond = perSecond;
    this.maxSources = maxSources;
  }

  boolean allow(InetAddress source) {
    if (perSecond == 0) {
      return true;
    }
    long now = System.nanoTime() / 1_000_000_000L;
    if (now != window) {
      synchronized (this) {
        if (now != window) {
          counts = new ConcurrentHashMap<>();
          window = now;
        }
      }
    }
    Map<InetAddress, AtomicInteger> current = counts;
    AtomicInteger count = current.get(source);
    if (count == null) {
      if (current.size() >= maxSources) {
        return false;
      }
      count = current.computeIfAbsent(source, s -> new AtomicInteger());
    }
    return count.incrementAndGet() <= perSecond;
  }
}
