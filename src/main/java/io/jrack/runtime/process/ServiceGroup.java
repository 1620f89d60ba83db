package io.jrack.runtime.process;

import io.jrack.runtime.LogSink;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The processes of one service for one release. Every change of a process's health is reported to
 * {@code changed}, which tells the router which processes of the service may take traffic.
 */
final class ServiceGroup {
  private final Slot.Spec spec;
  private final List<Slot> slots = new CopyOnWriteArrayList<>();
  private final Runnable changed;
  private final LogSink logs;
  private final Clock clock;
  /** Processes taken out one by one during a rolling deploy, which a rollback puts back. */
  private int detached;

  ServiceGroup(Slot.Spec spec, int count, Runnable changed, LogSink logs, Clock clock) {
    this.spec = spec;
    this.changed = changed;
    this.logs = logs;
    this.clock = clock;
    for (int i = 0; i < count; i++) {
      slots.add(new Slot(spec, logs, clock, changed));
    }
  }

  void start() {
    slots.forEach(Slot::start);
  }

  /** Starts up to {@code n} processes not started yet; returns them. */
  List<Slot> startNext(int n) {
    List<Slot> batch = slots.stream().filter(s -> !s.isStarted()).limit(n).toList();
    batch.forEach(Slot::start);
    return batch;
  }

  int startedCount() {
    return (int) slots.stream().filter(Slot::isStarted).count();
  }

  int size() {
    return slots.size();
  }

  /** Adds {@code n} processes to the group and starts them; returns them. */
  List<Slot> grow(int n) {
    List<Slot> added = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      added.add(new Slot(spec, logs, clock, changed));
    }
    slots.addAll(added);
    added.forEach(Slot::start);
    return added;
  }

  /** Takes {@code which} out of the group (and so out of rotation), to drain and stop. */
  void remove(List<Slot> which) {
    slots.removeAll(which);
  }

  /** Takes one process out of the group (and so out of rotation) and returns it, to drain and stop. */
  Slot detach() {
    Slot s = slots.remove(slots.size() - 1);
    detached++;
    return s;
  }

  /** Starts again as many processes as were detached; returns them. */
  List<Slot> refill() {
    List<Slot> added = new ArrayList<>();
    for (int i = 0; i < detached; i++) {
      Slot s = new Slot(spec, logs, clock, changed);
      slots.add(s);
      added.add(s);
    }
    detached = 0;
    added.forEach(Slot::start);
    return added;
  }

  /**
   * Waits for every process to be healthy; returns null when they are, else why not (with the
   * process's last lines of output).
   */
  String awaitHealthy(Duration timeout) throws InterruptedException {
    return awaitHealthy(slots, timeout);
  }

  String awaitHealthy(List<Slot> which, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Slot s : which) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!s.awaitHealthy(Duration.ofNanos(left))) {
        String why = s.lastProblem() == null ? "not healthy within " + timeout.toSeconds() + "s" : s.lastProblem();
        List<String> tail = s.lastLines();
        return "service %s: %s%s".formatted(spec.service(), why,
            tail.isEmpty() ? "" : "\nlast output of " + spec.service() + ":\n  " + String.join("\n  ", tail));
      }
    }
    return null;
  }

  void stop() {
    List<Thread> stoppers = new ArrayList<>();
    for (Slot s : slots) {
      stoppers.add(Thread.ofVirtual().start(s::stop));
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  List<InetSocketAddress> healthy() {
    return slots.stream().filter(s -> s.status() == Slot.Status.RUNNING).map(Slot::address).toList();
  }

  List<Slot> slots() {
    return slots;
  }

  Slot.Spec spec() {
    return spec;
  }
}
