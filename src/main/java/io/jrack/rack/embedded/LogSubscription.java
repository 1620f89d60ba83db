package io.jrack.rack.embedded;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One follower of an app's log: new lines queue here, up to a bound in bytes, until the follower
 * takes them. A follower that falls further behind loses lines, and is told so by a line
 * {@code ... N lines dropped} where they are missing. Closing it unregisters it and wakes its taker.
 */
final class LogSubscription implements AutoCloseable {
  private final AppLog log;
  private final long maxBytes;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private long queuedBytes;
  private long dropped;
  private boolean ended;

  LogSubscription(AppLog log, long maxBytes, Clock clock) {
    this.log = log;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /** Queues {@code line} without waiting: a full queue counts it as dropped instead. */
  void offer(String line) {
    lock.lock();
    try {
      if (ended) {
        return;
      }
      if (queuedBytes + line.length() > maxBytes) {
        dropped++;
        return;
      }
      if (dropped > 0) {
        enqueue(droppedLine());
      }
      enqueue(line);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The next line, waiting for one; null once this subscription has ended. */
  String take() throws InterruptedException {
    lock.lock();
    try {
      while (!ended) {
        String line = queue.pollFirst();
        if (line != null) {
          queuedBytes -= line.length();
          return line;
        }
        if (dropped > 0) {
          return droppedLine();
        }
        changed.await();
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** No more lines will come (the app was deleted, the rack stops, or the follower left). */
  void end() {
    lock.lock();
    try {
      ended = true;
      queue.clear();
      queuedBytes = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    end();
    log.unfollow(this);
  }

  private void enqueue(String line) {
    queue.addLast(line);
    queuedBytes += line.length();
  }

  private String droppedLine() {
    String line = AppLog.droppedLine(clock.instant(), dropped, "this follower read too slowly");
    dropped = 0;
    return line;
  }
}
