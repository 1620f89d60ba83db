package io.jrack.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends the questions the rack does not answer itself to the machine's resolvers (dnsjava's
 * {@link ExtendedResolver}: each server in turn, each tried twice with {@code timeout} per try, over
 * TCP when an answer is truncated).
 * Each forward is a new query with its own random id, never the client's bytes. At most
 * {@code maxInFlight} forwards wait at once: past that the client gets SERVFAIL at once, so a flood
 * of names that time out upstream cannot pile up memory.
 */
final class Forwarder {
  private final Resolver resolver;
  private final Semaphore inFlight;
  private final Executor executor;

  Forwarder(List<InetSocketAddress> upstreams, Duration timeout, int maxInFlight, Executor executor) {
    ExtendedResolver r = new ExtendedResolver(upstreams.stream().map(a -> {
      SimpleResolver s = new SimpleResolver(a);
      s.setTimeout(timeout);
      return (Resolver) s;
    }).toList());
    // Each server is tried once more after a timeout; then the client gets SERVFAIL.
    r.setRetries(2);
    r.setTimeout(timeout.multipliedBy(2L * upstreams.size() + 1));
    this.resolver = r;
    this.inFlight = new Semaphore(maxInFlight);
    this.executor = executor;
  }

  /** The upstream answer, or a failed future when none came in time or too many forwards wait. */
  CompletableFuture<Message> forward(Record question) {
    if (!inFlight.tryAcquire()) {
      return CompletableFuture.failedFuture(new IllegalStateException("too many forwarded queries in flight"));
    }
    try {
      return resolver.sendAsync(Message.newQuery(question), executor).toCompletableFuture()
          .whenComplete((m, e) -> inFlight.release());
    } catch (RuntimeException e) {
      inFlight.release();
      return CompletableFuture.failedFuture(e);
    }
  }
}
