package io.jrack.router;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One service as the router sees it: its healthy processes, picked round robin, and the scheme they speak. */
final class Target {
  private static final InetSocketAddress[] NONE = new InetSocketAddress[0];

  final String app;
  final String service;
  private volatile InetSocketAddress[] backends = NONE;
  private volatile boolean internal;
  /** What the processes speak on their port: plain HTTP, HTTP over TLS, or gRPC (HTTP/2 in clear). */
  private volatile Scheme scheme = Scheme.HTTP;
  private final AtomicInteger next = new AtomicInteger();

  Target(String app, String service) {
    this.app = app;
    this.service = service;
  }

  /** The next backend, or null when none is healthy. */
  InetSocketAddress next() {
    InetSocketAddress[] b = backends;
    if (b.length == 0) {
      return null;
    }
    return b[Math.floorMod(next.getAndIncrement(), b.length)];
  }

  /** The next backend other than {@code avoid}, for a retry; null when there is no other. */
  InetSocketAddress nextExcept(InetSocketAddress avoid) {
    InetSocketAddress[] b = backends;
    for (int i = 0; i < b.length; i++) {
      InetSocketAddress candidate = next();
      if (candidate != null && !candidate.equals(avoid)) {
        return candidate;
      }
    }
    return null;
  }

  void backends(List<InetSocketAddress> healthy) {
    backends = healthy.toArray(NONE);
  }

  boolean internal() {
    return internal;
  }

  void internal(boolean value) {
    internal = value;
  }

  Scheme scheme() {
    return scheme;
  }

  void scheme(Scheme value) {
    scheme = value;
  }

  @Override
  public String toString() {
    return app + "/" + service;
  }
}
