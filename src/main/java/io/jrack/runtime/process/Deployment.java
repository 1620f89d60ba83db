package io.jrack.runtime.process;

import io.jrack.manifest.Service;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.Routing;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.runtime.os.PidFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deploy of a release, in three steps. {@link #plan} makes the new release's process groups
 * and starts nothing. {@link #rollOut} registers them, publishes the union of the old and new routes
 * (so services linking each other reach one another while turning healthy), starts the processes
 * and waits for them, within each service's deployment bounds. {@link #rollBack} undoes whatever
 * the roll-out did: the new groups leave and stop, the old release's replaced processes start
 * again, and the router gets the old routes back, so exactly the previous release serves.
 */
final class Deployment {
  /** Variables passed through from the rack's own environment, so commands like {@code java} resolve. */
  private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME", "USER", "SHELL");

  /** Tells the router which processes of a service are healthy now. */
  interface Announcer {
    void announce(String app, String service);
  }

  private final AppRelease release;
  private final AppProcesses state;
  private final Routing routing;
  private final Announcer announcer;
  private final Map<String, ServiceGroup> previous;
  private final Map<String, ServiceGroup> next;
  /** Services whose deployment.maximum is under 200%: replaced in steps rather than all at once. */
  private final List<Service> stepped;

  private Deployment(AppRelease release, AppProcesses state, Routing routing, Announcer announcer, Map<String, ServiceGroup> next) {
    this.release = release;
    this.state = state;
    this.routing = routing;
    this.announcer = announcer;
    this.previous = state.active;
    this.next = next;
    this.stepped = release.manifest().services().stream()
        .filter(s -> previous.containsKey(s.name()) && s.deployment().maximum() < 200 && s.scale().count() > 0).toList();
  }

  /** The new release's groups, made but not started and not yet known to anyone. */
  static Deployment plan(AppRelease release, Path buildDir, AppProcesses state, Routing routing, Announcer announcer,
      LogSink logs, Clock clock, PidFiles pidFiles) throws RuntimeFailure {
    String app = release.app();
    Map<String, ServiceGroup> next = new LinkedHashMap<>();
    for (Service s : release.manifest().services()) {
      List<String> argv = CommandResolver.resolve(s, buildDir).orElseThrow(() -> new RuntimeFailure("service " + s.name() + " has nothing to run"));
      Map<String, String> env = new LinkedHashMap<>();
      for (String k : INHERITED) {
        Optional.ofNullable(System.getenv(k)).ifPresent(v -> env.put(k, v));
      }
      env.put("HOST", "127.0.0.1");
      env.putAll(release.environments().getOrDefault(s.name(), Map.of()));
      Slot.Spec spec = new Slot.Spec(app, s.name(), release.release(), argv, CommandResolver.workDir(s, buildDir), env,
          s.hasPort(), HealthProtocol.of(s), s.health(), s.terminationGrace(), s.drain(), pidFiles);
      next.put(s.name(), new ServiceGroup(spec, s.scale().count(), () -> announcer.announce(app, s.name()), logs, clock));
    }
    return new Deployment(release, state, routing, announcer, next);
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
        return "could not restore the previous routes: " + Deployment.message(e);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static Duration deadline(Service s) {
    return Duration.ofSeconds(s.health().grace() + 3L * s.health().interval() + 5);
  }

  /**
   * Replaces a service's processes within its deployment bounds: never more than {@code maximum}%
   * of the count running, never fewer than {@code minimum}% healthy when that can be kept (a
   * singleton's 0/100 stops the old process before starting the new one). Returns why it failed, or null.
   */
  private String step(Service s, ServiceGroup old, ServiceGroup neu) throws InterruptedException {
    int count = s.scale().count();
    int maxTotal = Math.max(count, count * s.deployment().maximum() / 100);
    int minHealthy = (int) Math.ceil(count * s.deployment().minimum() / 100.0);
    while (neu.startedCount() < count) {
      int room = maxTotal - (old.size() + neu.startedCount());
      if (room > 0 || old.size() == 0) {
        List<Slot> batch = neu.startNext(Math.max(1, Math.min(room, count - neu.startedCount())));
        String problem = neu.awaitHealthy(batch, deadline(s));
        if (problem != null) {
          return problem;
        }
        continue;
      }
      int healthy = old.healthy().size() + neu.healthy().size();
      int stop = Math.max(1, Math.min(old.size(), healthy - minHealthy));
      for (int i = 0; i < stop; i++) {
        Slot leaving = old.detach();
        announcer.announce(release.app(), s.name());
        drain(leaving, System.nanoTime() + Duration.ofSeconds(s.drain()).toNanos());
        leaving.stop();
      }
    }
    return null;
  }

  /** After a failed stepped deploy: the old processes that were replaced start again. */
  private void restore() {
    for (Service s : stepped) {
      ServiceGroup old = previous.get(s.name());
      List<Slot> back = old.refill();
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
  private void leave(Map<String, ServiceGroup> groups) {
    state.remove(groups);
    groups.keySet().forEach(service -> announcer.announce(release.app(), service));
    for (ServiceGroup g : groups.values()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(g.spec().drain()).toNanos();
      for (Slot s : g.slots()) {
        drain(s, deadline);
      }
    }
    ProcessRuntime.stopAll(groups.values());
  }

  /** Waits until the router has no request in flight to the slot, or the deadline. */
  private void drain(Slot s, long deadlineNanos) {
    if (s.port() == 0) {
      return;
    }
    while (routing.inFlight(s.address()) > 0 && System.nanoTime() < deadlineNanos) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
