package io.jrack.runtime.rollout;

import io.jrack.runtime.os.StopAll;
import io.jrack.manifest.Service;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.Routing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One deploy of a release, planned as its groups (made, nothing started). {@link #rollOut}
 * registers them, publishes the union of the old and new routes (so services linking each other
 * reach one another while turning healthy), starts the instances and waits for them, within each
 * service's deployment bounds. {@link #rollBack} undoes whatever the roll-out did: the new groups
 * leave and stop, the old release's replaced instances start again, and the router gets the old
 * routes back, so exactly the previous release serves.
 */
final class Deployment<I extends Instance> {
  private final AppRelease release;
  private final AppInstances<I> state;
  private final Routing routing;
  private final Duration startSlack;
  private final Map<String, InstanceGroup<I>> previous;
  private final Map<String, InstanceGroup<I>> next;
  /** Services whose deployment.maximum is under 200%: replaced in steps rather than all at once. */
  private final List<Service> stepped;

  /** {@code startSlack}: added to each service's health grace, for what starting an instance costs the runtime. */
  Deployment(AppRelease release, AppInstances<I> state, Routing routing, Map<String, InstanceGroup<I>> next, Duration startSlack) {
    this.release = release;
    this.state = state;
    this.routing = routing;
    this.startSlack = startSlack;
    this.previous = state.active;
    this.next = next;
    this.stepped = release.manifest().services().stream()
        .filter(s -> previous.containsKey(s.name()) && s.deployment().maximum() < 200 && s.scale().count() > 0).toList();
  }

  /** Runs the new release beside the old one until it is healthy; returns why it failed, or null. */
  String rollOut() throws InterruptedException {
    state.add(next);
    routing.publish(release.app(), merged(state.routes, release.routes()));
    next.forEach((name, group) -> {
      if (stepped.stream().noneMatch(s -> s.name().equals(name))) {
        group.start();
      }
    });
    for (Service s : release.manifest().services()) {
      if (!stepped.contains(s)) {
        String problem = next.get(s.name()).awaitHealthy(deadline(s));
        if (problem != null) {
          return problem;
        }
      }
    }
    for (Service s : stepped) {
      String problem = step(s, previous.get(s.name()), next.get(s.name()));
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** Makes the new release the active one: its routes alone, the old groups drained and stopped. */
  void commit() {
    state.active = next;
    state.release = release;
    state.routes = release.routes();
    routing.publish(release.app(), release.routes());
    leave(previous);
  }

  /**
   * Undoes the roll-out, however far it went; returns what could not be undone, or null. Runs to
   * the end even when the deploying thread was interrupted (the flag is kept for the caller).
   */
  String rollBack() {
    boolean interrupted = Thread.interrupted();
    try {
      leave(next);
      restore();
      try {
        if (state.routes == null) {
          routing.unpublish(release.app());
        } else {
          routing.publish(release.app(), state.routes);
        }
        return null;
      } catch (RuntimeException e) {
        return "could not restore the previous routes: " + RunningApps.message(e);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Duration deadline(Service s) {
    return Duration.ofSeconds(s.health().grace() + 3L * s.health().interval()).plus(startSlack);
  }

  /**
   * Replaces a service's instances within its deployment bounds: never more than {@code maximum}%
   * of the count running, never fewer than {@code minimum}% healthy when that can be kept (a
   * singleton's 0/100 stops the old instance before starting the new one). Returns why it failed, or null.
   */
  private String step(Service s, InstanceGroup<I> old, InstanceGroup<I> neu) throws InterruptedException {
    int count = s.scale().count();
    int maxTotal = Math.max(count, count * s.deployment().maximum() / 100);
    int minHealthy = (int) Math.ceil(count * s.deployment().minimum() / 100.0);
    while (neu.startedCount() < count) {
      int room = maxTotal - (old.size() + neu.startedCount());
      if (room > 0 || old.size() == 0) {
        List<I> batch = neu.startNext(Math.max(1, Math.min(room, count - neu.startedCount())));
        String problem = neu.awaitHealthy(batch, deadline(s));
        if (problem != null) {
          return problem;
        }
        continue;
      }
      int healthy = old.healthy().size() + neu.healthy().size();
      int stop = Math.max(1, Math.min(old.size(), healthy - minHealthy));
      for (int i = 0; i < stop; i++) {
        I leaving = old.detach();
        state.announce(s.name());
        drain(leaving, System.nanoTime() + Duration.ofSeconds(s.drain()).toNanos());
        leaving.stop();
      }
    }
    return null;
  }

  /** After a failed stepped deploy: the old instances that were replaced start again. */
  private void restore() {
    for (Service s : stepped) {
      InstanceGroup<I> old = previous.get(s.name());
      List<I> back = old.refill();
      try {
        old.awaitHealthy(back, deadline(s));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The union of two route lists, the newer winning per service, so a deploy never drops a live route early. */
  private static List<Routing.Route> merged(List<Routing.Route> old, List<Routing.Route> added) {
    Map<String, Routing.Route> out = new LinkedHashMap<>();
    if (old != null) {
      old.forEach(r -> out.put(r.service(), r));
    }
    added.forEach(r -> out.put(r.service(), r));
    return new ArrayList<>(out.values());
  }

  /**
   * Takes groups out of the router, lets the requests they are serving finish (up to each
   * service's {@code drain} seconds), then stops them.
   */
  private void leave(Map<String, InstanceGroup<I>> groups) {
    state.remove(groups);
    groups.keySet().forEach(state::announce);
    for (InstanceGroup<I> g : groups.values()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(g.drain()).toNanos();
      for (I s : g.instances()) {
        drain(s, deadline);
      }
    }
    StopAll.of(groups.values(), InstanceGroup::stop);
  }

  /** Waits until the router has no request in flight to the instance, or the deadline. */
  private void drain(I s, long deadlineNanos) {
    drain(routing, s, deadlineNanos);
  }

  /** Waits until the router has no request in flight to {@code s}, or the deadline (a scale down drains this way too). */
  static void drain(Routing routing, Instance s, long deadlineNanos) {
    java.net.InetSocketAddress a = s.address();
    if (a == null) {
      return;
    }
    while (routing.inFlight(a) > 0 && System.nanoTime() < deadlineNanos) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
