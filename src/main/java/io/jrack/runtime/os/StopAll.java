package io.jrack.runtime.os;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Stopping several things at once: processes, containers, servers, each of which may wait out a grace. */
public final class StopAll {
  private StopAll() {}

  /**
   * Runs {@code stop} on each at once, returning when all are done, even on an interrupted thread
   * (what is stopped must be gone when this returns; the interrupt is kept for the caller).
   */
  public static <T> void of(Iterable<T> items, Consumer<T> stop) {
    List<Thread> stoppers = new ArrayList<>();
    for (T t : items) {
      stoppers.add(Thread.ofVirtual().start(() -> stop.accept(t)));
    }
    boolean interrupted = Thread.interrupted();
    for (Thread t : stoppers) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
