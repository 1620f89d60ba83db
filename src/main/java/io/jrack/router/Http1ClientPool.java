package io.jrack.router;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive HTTP/1.1 connections that HTTP/2 streams are relayed on ({@link Http1Client}), one
 * pool per event loop like {@link BackendPool}: a stream takes a connection of its own loop, so no
 * locking. One stream at a time per connection; a stream returns it once its exchange is over.
 */
final class Http1ClientPool {
  private final Map<InetSocketAddress, ArrayDeque<Http1Client>> idle = new HashMap<>();

  /** An idle, open connection to {@code backend}, or null. Call on the pool's loop only. */
  Http1Client acquire(InetSocketAddress backend) {
    ArrayDeque<Http1Client> q = idle.get(backend);
    if (q == null) {
      return null;
    }
    Http1Client c;
    while ((c = q.pollLast()) != null) {
      if (c.channel().isActive()) {
        return c;
      }
    }
    return null;
  }

  void release(Http1Client c) {
    ArrayDeque<Http1Client> q = idle.computeIfAbsent(c.address, k -> new ArrayDeque<>());
    if (q.size() >= BackendPool.MAX_IDLE_PER_BACKEND || !c.channel().isActive()) {
      c.channel().close();
    } else {
      q.addLast(c);
    }
  }

  void remove(Http1Client c) {
    ArrayDeque<Http1Client> q = idle.get(c.address);
    if (q != null) {
      q.remove(c);
    }
  }
}
