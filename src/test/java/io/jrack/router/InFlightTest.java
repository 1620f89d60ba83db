package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The count of requests in flight per backend, which a draining process waits on: a request that has
 * started and not ended is always counted, however the starts and ends of other event loops interleave.
 */
class InFlightTest {
  static final InetSocketAddress BACKEND = new InetSocketAddress("127.0.0.1", 40001);

  @Test
  void countsStartsAndEndsPerBackend() {
    InFlight f = new InFlight();
    InetSocketAddress other = new InetSocketAddress("127.0.0.1", 40002);
    assertThat(f.of(BACKEND)).isZero();
    f.start(BACKEND);
    f.start(BACKEND);
    f.start(other);
    assertThat(f.of(BACKEND)).isEqualTo(2);
    assertThat(f.of(other)).isEqualTo(1);
    f.end(BACKEND);
    assertThat(f.of(BACKEND)).isEqualTo(1);
    f.end(BACKEND);
    f.end(other);
    assertThat(f.of(BACKEND)).isZero();
    assertThat(f.of(other)).isZero();
    // Counting again after a backend went to zero.
    f.start(BACKEND);
    assertThat(f.of(BACKEND)).isEqualTo(1);
  }

  /**
   * Several threads (as event loops do) start and end requests to one backend as fast as they can. Each
   * checks, while its own request is in flight, that the count includes it: a start lost between
   * another thread's decrement and its removal of the entry shows as a count of 0 here.
   */
  @Test
  void aRequestInFlightIsNeverLostToConcurrentStartsAndEnds() throws Exception {
    InFlight f = new InFlight();
    int threads = 4;
    long deadline = System.nanoTime() + 1_000_000_000L;
    AtomicLong lost = new AtomicLong();
    AtomicLong rounds = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        while (System.nanoTime() < deadline && lost.get() == 0) {
          for (int i = 0; i < 1000; i++) {
            f.start(BACKEND);
            if (f.of(BACKEND) < 1) {
              lost.incrementAndGet();
            }
            f.end(BACKEND);
          }
          rounds.addAndGet(1000);
        }
      }));
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertThat(lost.get()).as("requests in flight that the count missed, in %d rounds", rounds.get()).isZero();
    assertThat(f.of(BACKEND)).as("after every start has ended").isZero();
    f.start(BACKEND);
    assertThat(f.of(BACKEND)).isEqualTo(1);
  }
}
