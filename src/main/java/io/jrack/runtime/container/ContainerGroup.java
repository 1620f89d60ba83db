package io.jrack.runtime.container;

import io.jrack.runtime.LogSink;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The containers of one service for one release; each change of their health goes to {@code changed}. */
final class ContainerGroup {
  private final ContainerSlot.Spec spec;
  private final List<ContainerSlot> slots = new CopyOnWriteArrayList<>();

  ContainerGroup(ContainerSlot.Spec spec, int count, ContainerEngine engine, Runnable changed, LogSink logs, Clock clock) {
    this.spec = spec;
    for (int i = 0; i < count; i++) {
      slots.add(new ContainerSlot(spec, engine, logs, clock, changed));
    }
  }

  void start() {
    slots.forEach(ContainerSlot::start);
  }

  /** Null when every container is healthy within the timeout, else why not, with its last output. */
  String awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ContainerSlot s : slots) {
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
    for (ContainerSlot s : slots) {
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
    return slots.stream().filter(s -> s.status() == ContainerSlot.Status.RUNNING).map(ContainerSlot::address).filter(Objects::nonNull).toList();
  }

  List<ContainerSlot> slots() {
    return slots;
  }

  ContainerSlot.Spec spec() {
    return spec;
  }
}
