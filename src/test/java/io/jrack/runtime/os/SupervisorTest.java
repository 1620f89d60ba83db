package io.jrack.runtime.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The supervise-with-backoff state machine that service processes and resource servers share. */
class SupervisorTest {
  /** A clock the test moves, and waits that only move it. */
  private final AtomicLong now = new AtomicLong();
  private final List<Long> waits = new ArrayList<>();

  private Supervisor supervisor() {
    return new Supervisor(now::get, d -> {
      waits.add(d.toMillis());
      now.addAndGet(d.toNanos());
    });
  }

  @Test
  void restartsAfter200MsDoublingTo30s() {
    Supervisor s = supervisor();
    AtomicInteger lives = new AtomicInteger();
    List<Integer> ends = new ArrayList<>();
    s.run(() -> {
      if (lives.incrementAndGet() == 11) {
        s.stop();
      }
    }, (n, wait) -> ends.add(n));
    assertThat(waits).containsExactly(200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L);
    assertThat(ends).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(lives).hasValue(11);
    assertThat(s.restarts()).isEqualTo(10);
  }

  @Test
  void aLifeHealthyFor30sResetsTheBackoffAndAShorterOneDoesNot() {
    Supervisor s = supervisor();
    AtomicInteger lives = new AtomicInteger();
    List<Integer> countWhileHealthy = new ArrayList<>();
    s.run(() -> {
      int life = lives.incrementAndGet();
      if (life == 4) {
        // Healthy for 29 s, then it ends: not long enough.
        s.healthy();
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        s.healthy();
      } else if (life == 5) {
        // Healthy for 30 s: the count restarts while it still runs, and its end is a first one.
        s.healthy();
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        s.unhealthy();
        s.healthy();
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        s.healthy();
        countWhileHealthy.add(s.endsInARow());
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        s.healthy();
        countWhileHealthy.add(s.endsInARow());
      } else if (life == 7) {
        s.stop();
      }
    }, (n, wait) -> {});
    // Lives 1-3 end at once, 4 after 29 s healthy (still doubling), 5 after 30 s healthy (reset), 6 at once.
    assertThat(waits).containsExactly(200L, 400L, 800L, 1600L, 200L, 400L);
    assertThat(countWhileHealthy).containsExactly(4, 0);
    assertThat(s.restarts()).isEqualTo(6);
  }

  @Test
  void stopEndsTheLoopDuringAWaitWithoutAnotherLife() throws Exception {
    // Real time and a real thread: the restart comes after 200 ms, and a stop ends the wait at once.
    Supervisor s = new Supervisor();
    List<Long> starts = new ArrayList<>();
    CountDownLatch twice = new CountDownLatch(2);
    Thread t = Thread.ofVirtual().start(() -> s.run(() -> {
      synchronized (starts) {
        starts.add(System.nanoTime());
      }
      twice.countDown();
    }, (n, wait) -> {}));
    assertThat(twice.await(5, TimeUnit.SECONDS)).isTrue();
    // The second life ended at once too: the loop now waits 400 ms.
    long stopAt = System.nanoTime();
    s.stop();
    t.interrupt();
    t.join(Duration.ofSeconds(2));
    assertThat(t.isAlive()).isFalse();
    assertThat((System.nanoTime() - stopAt) / 1_000_000).as("ms from stop to the end").isLessThan(300);
    synchronized (starts) {
      assertThat(starts).hasSize(2);
      assertThat((starts.get(1) - starts.get(0)) / 1_000_000).as("ms before the first restart").isBetween(200L, 1000L);
    }
    assertThat(s.stopping()).isTrue();
  }
}
