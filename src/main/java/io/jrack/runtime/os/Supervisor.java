package io.jrack.runtime.os;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Runs a process's life again each time it ends, until stopped: the first end is followed by a
 * wait of 200 ms, each further end in a row doubles it, up to 30 s. A life that stayed healthy for
 * 30 s resets the count, so a process that crashes once a day restarts at once. Service processes
 * and resource servers share it; each says what a life is and what "healthy" means for it.
 */
public final class Supervisor {
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** How long a life must stay healthy for its end to count as a first one again. */
  public static final Duration HEALTHY_RESET = Duration.ofSeconds(30);
  private static final long NOT_HEALTHY = Long.MIN_VALUE;

  /** One life: starts the process and returns once it has ended (or must be started again). */
  public interface Life {
    void run() throws InterruptedException;
  }

  /** Told after a life ended, before the wait: how many ended in a row, and how long the wait is. */
  public interface Restarts {
    void restarting(int endsInARow, Duration wait);
  }

  /** Waits; the real one is {@link Thread#sleep(Duration)}. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final LongSupplier nanos;
  private final Sleeper sleeper;
  private volatile boolean stopping;
  private volatile int endsInARow;
  private volatile int restarts;
  private volatile long healthySince = NOT_HEALTHY;

  public Supervisor() {
    this(System::nanoTime, Thread::sleep);
  }

  Supervisor(LongSupplier nanos, Sleeper sleeper) {
    this.nanos = nanos;
    this.sleeper = sleeper;
  }

  /**
   * Runs lives until {@link #stop()} or an interrupt (of a life or of a wait); returns then. Runs on
   * the caller's thread.
   */
  public void run(Life life, Restarts listener) {
    while (!stopping) {
      healthySince = NOT_HEALTHY;
      try {
        life.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (stopping) {
        return;
      }
      endsInARow = healthyLongEnough() ? 1 : endsInARow + 1;
      restarts++;
      Duration wait = backoff(endsInARow);
      listener.restarting(endsInARow, wait);
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The wait after the {@code ends}-th end in a row (from 1). */
  public static Duration backoff(int ends) {
    long ms = FIRST_BACKOFF.toMillis() << Math.min(Math.max(ends, 1) - 1, 20);
    return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
  }

  /** The current life answers as it should; once it has for {@link #HEALTHY_RESET}, the count restarts. */
  public void healthy() {
    long now = nanos.getAsLong();
    if (healthySince == NOT_HEALTHY) {
      healthySince = now;
    } else if (healthyLongEnough()) {
      endsInARow = 0;
    }
  }

  /** The current life stopped answering: its healthy period starts again from the next answer. */
  public void unhealthy() {
    healthySince = NOT_HEALTHY;
  }

  private boolean healthyLongEnough() {
    long since = healthySince;
    return since != NOT_HEALTHY && nanos.getAsLong() - since >= HEALTHY_RESET.toNanos();
  }

  /** No life starts after this; the caller ends the current one (and interrupts a wait). */
  public void stop() {
    stopping = true;
  }

  public boolean stopping() {
    return stopping;
  }

  /** Lives that ended in a row, without one healthy for {@link #HEALTHY_RESET} between them. */
  public int endsInARow() {
    return endsInARow;
  }

  /** Every restart since the supervisor began. */
  public int restarts() {
    return restarts;
  }
}
