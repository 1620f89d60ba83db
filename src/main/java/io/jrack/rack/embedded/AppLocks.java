package io.jrack.rack.embedded;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One lock per app: changes to an app happen one at a time, different apps in parallel. */
final class AppLocks {
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  <T> T run(String app, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(app, a -> new ReentrantLock(true));
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} under the app's lock if it is free now (true), else does nothing (false). */
  boolean tryRun(String app, Runnable work) {
    ReentrantLock lock = locks.computeIfAbsent(app, a -> new ReentrantLock(true));
    if (!lock.tryLock()) {
      return false;
    }
    try {
      work.run();
      return true;
    } finally {
      lock.unlock();
    }
  }
}
