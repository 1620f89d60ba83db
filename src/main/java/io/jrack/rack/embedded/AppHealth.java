package io.jrack.rack.embedded;

import io.jrack.rack.App;
import io.jrack.rack.ProcessInfo;
import io.jrack.runtime.AppRuntime;
import io.jrack.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why each degraded app is degraded, and a watch over running apps: an app whose running release has a
 * process that crashed {@value #CRASH_LOOP} times in a row (restarted each time, never healthy for long
 * between) is marked {@code degraded} with that reason; once every process of the release runs again,
 * it is {@code running}. Reasons live in memory: at a restart the rack finds them again. An app being
 * changed (its lock held: a deploy, a scale) is looked at on a later round.
 */
final class AppHealth implements AutoCloseable {
  static final int CRASH_LOOP = 3;
  static final Duration EVERY = Duration.ofSeconds(1);
  private static final Pattern CRASHED = Pattern.compile("crashed \\(restarts: (\\d+)\\)");

  private final Store store;
  private final AppRuntime runtime;
  private final AppLocks locks;
  private final LogHub logs;
  private final Map<String, String> reasons = new ConcurrentHashMap<>();
  /** Apps this watch degraded (and so may set running again). */
  private final Set<String> crashing = ConcurrentHashMap.newKeySet();
  private volatile Thread watch;

  AppHealth(Store store, AppRuntime runtime, AppLocks locks, LogHub logs) {
    this.store = store;
    this.runtime = runtime;
    this.locks = locks;
    this.logs = logs;
  }

  void start() {
    watch = Thread.ofVirtual().name("app-health").start(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(EVERY);
          store.apps().forEach(this::check);
        }
      } catch (InterruptedException e) {
        // The rack is closing.
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(AppHealth.class).warn("the app health watch stopped: {}", e.toString());
      }
    });
  }

  /** Says why the app is degraded (a release that cannot run at a restart). */
  void degraded(String app, String reason) {
    reasons.put(app, reason);
  }

  /** The app with its reason when it is degraded. */
  App present(App a) {
    if (!Restorer.DEGRADED.equals(a.status())) {
      return a;
    }
    return new App(a.name(), a.status(), a.release(), a.created(), reasons.getOrDefault(a.name(), "its release cannot run (see convox logs)"));
  }

  void check(App a) {
    if (a.release() == null) {
      return;
    }
    if ("running".equals(a.status())) {
      crashing.remove(a.name());
    }
    List<ProcessInfo> ps = runtime.processes(a.name()).stream().filter(p -> a.release().equals(p.release())).toList();
    String loop = crashLoop(ps);
    if (loop != null && "running".equals(a.status())) {
      set(a, Restorer.DEGRADED, loop);
    } else if (loop == null && Restorer.DEGRADED.equals(a.status()) && crashing.contains(a.name())
        && !ps.isEmpty() && ps.stream().allMatch(p -> p.status() != null && p.status().startsWith("running"))) {
      set(a, "running", null);
    }
  }

  /** Why the processes crash-loop, or null when none does. */
  static String crashLoop(List<ProcessInfo> ps) {
    for (ProcessInfo p : ps) {
      Matcher m = CRASHED.matcher(p.status() == null ? "" : p.status());
      if (m.find() && Integer.parseInt(m.group(1)) >= CRASH_LOOP) {
        return "service %s: process %s crashed %s times in a row (restarting with backoff; its output is in convox logs)"
            .formatted(p.service(), p.id(), m.group(1));
      }
    }
    return null;
  }

  private void set(App seen, String status, String reason) {
    locks.tryRun(seen.name(), () -> {
      App now = store.app(seen.name()).orElse(null);
      if (now == null || !seen.release().equals(now.release()) || !seen.status().equals(now.status())) {
        return;
      }
      store.updateApp(new App(now.name(), status, now.release(), now.created()));
      if (reason != null) {
        reasons.put(now.name(), reason);
        crashing.add(now.name());
        logs.line(now.name(), "system/rack", "app degraded: " + reason);
      } else {
        reasons.remove(now.name());
        crashing.remove(now.name());
        logs.line(now.name(), "system/rack", "app running again: every process of release %s runs".formatted(now.release()));
      }
    });
  }

  @Override
  public void close() {
    Thread t = watch;
    if (t != null) {
      t.interrupt();
    }
  }
}
