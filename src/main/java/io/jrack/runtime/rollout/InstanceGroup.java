package io.jrack.runtime.rollout;

import io.jrack.runtime.os.StopAll;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The instances of one service for one release. {@code make} makes a new, not started instance
 * (wired to tell the router of its health changes); the group makes {@code count} of them, and
 * more when a rolled-back stepped deploy puts back the ones it had taken out.
 */
public final class InstanceGroup<I extends Instance> {
  private final String service;
  private final int drain;
  private final Supplier<I> make;
  private final List<I> instances = new CopyOnWriteArrayList<>();
  /** Instances taken out one by one during a stepped deploy, which a rollback puts back. */
  private int detached;

  /** {@code drain}: seconds the router's requests in flight to a leaving instance may take. */
  public InstanceGroup(String service, int drain, int count, Supplier<I> make) {
    this.service = service;
    this.drain = drain;
    this.make = make;
    for (int i = 0; i < count; i++) {
      instances.add(make.get());
    }
  }

  /**
   * How many instances {@code s} runs: its scale's count, except an {@code agent:}, which runs one per
   * machine (a rack here is one machine) whatever its scale says.
   */
  public static int wanted(io.jrack.manifest.Service s) {
    return s.agent().enabled() ? 1 : s.scale().count();
  }

  public String service() {
    return service;
  }

  int drain() {
    return drain;
  }

  void start() {
    instances.forEach(Instance::start);
  }

  /** Starts up to {@code n} instances not started yet; returns them. */
  List<I> startNext(int n) {
    List<I> batch = instances.stream().filter(s -> !s.isStarted()).limit(n).toList();
    batch.forEach(Instance::start);
    return batch;
  }

  int startedCount() {
    return (int) instances.stream().filter(Instance::isStarted).count();
  }

  int size() {
    return instances.size();
  }

  /** Takes one instance out of the group (and so out of rotation) and returns it, to drain and stop. */
  I detach() {
    I s = instances.remove(instances.size() - 1);
    detached++;
    return s;
  }

  /** Starts again as many instances as were detached; returns them. */
  List<I> refill() {
    List<I> added = new ArrayList<>();
    for (int i = 0; i < detached; i++) {
      I s = make.get();
      instances.add(s);
      added.add(s);
    }
    detached = 0;
    added.forEach(Instance::start);
    return added;
  }

  /** Adds {@code n} new instances and starts them (a scale up); returns them. */
  List<I> grow(int n) {
    List<I> added = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      added.add(make.get());
    }
    instances.addAll(added);
    added.forEach(Instance::start);
    return added;
  }

  /** Takes {@code which} out of the group, and so out of rotation (a scale down), to drain and stop. */
  void remove(List<I> which) {
    instances.removeAll(which);
  }

  /** Null when every instance is healthy within the timeout, else why not (with its last lines of output). */
  String awaitHealthy(Duration timeout) throws InterruptedException {
    return awaitHealthy(instances, timeout);
  }

  String awaitHealthy(List<I> which, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (I s : which) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!s.awaitHealthy(Duration.ofNanos(left))) {
        String why = s.lastProblem() == null ? "not healthy within " + timeout.toSeconds() + "s" : s.lastProblem();
        List<String> tail = s.lastLines();
        return "service %s: %s%s".formatted(service, why,
            tail.isEmpty() ? "" : "\nlast output of " + service + ":\n  " + String.join("\n  ", tail));
      }
    }
    return null;
  }

  void stop() {
    StopAll.of(instances, Instance::stop);
  }

  /** Where the router reaches the instances that are healthy now. */
  List<InetSocketAddress> healthy() {
    return instances.stream().filter(s -> s.status() == Instance.Status.RUNNING).map(Instance::address).filter(Objects::nonNull).toList();
  }

  public List<I> instances() {
    return instances;
  }
}
