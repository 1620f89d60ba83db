package io.jrack.rack.embedded;

import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.runtime.os.Supervisor;
import io.jrack.store.Store;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Runs each app's active release again after a (re)start. An app whose release cannot run (its
 * processes do not start, a port it needs is held) is marked {@value #DEGRADED}, with the reason in
 * its log, and tried again with backoff (200 ms doubling to 30 s) until it runs, a newer release
 * replaces it, or the app is deleted.
 */
final class Restorer implements AutoCloseable {
  static final String DEGRADED = "degraded";

  private final Store store;
  private final AppLocks locks;
  private final LogHub logs;
  /** Promotes a release of an app (taking the app's lock); throws {@link ProviderException} when it cannot run. */
  private final BiFunction<String, String, Release> promote;
  private final Map<String, Thread> retrying = new ConcurrentHashMap<>();
  /** Told why an app is degraded, for the API to say. */
  private final java.util.function.BiConsumer<String, String> reason;
  private volatile boolean closed;

  Restorer(Store store, AppLocks locks, LogHub logs, BiFunction<String, String, Release> promote, java.util.function.BiConsumer<String, String> reason) {
    this.store = store;
    this.locks = locks;
    this.logs = logs;
    this.promote = promote;
    this.reason = reason;
  }

  /** Runs the app's active release; returns a line for the rack's log. */
  String restore(App app) {
    try {
      promote.apply(app.name(), app.release());
      return app.name() + ": restored release " + app.release();
    } catch (ProviderException e) {
      degrade(app, e.getMessage());
      retry(app.name(), app.release());
      return app.name() + ": could not restore release " + app.release() + ": " + e.getMessage() + " (app degraded; retrying with backoff)";
    }
  }

  /** Marks the app degraded, unless a promote meanwhile made another release (or this one) run. */
  private void degrade(App app, String reason) {
    this.reason.accept(app.name(), "release %s cannot run: %s".formatted(app.release(), reason.replace('\n', ';')));
    locks.run(app.name(), () -> {
      current(app.name(), app.release()).ifPresent(now ->
          store.updateApp(new App(now.name(), DEGRADED, now.release(), now.created())));
      return null;
    });
    logs.line(app.name(), "system/rack", "app degraded: release %s cannot run: %s".formatted(app.release(), reason.replace('\n', ';')));
  }

  private void retry(String app, String release) {
    retrying.computeIfAbsent(app, a -> Thread.ofVirtual().name("restore-" + app).start(() -> {
      try {
        for (int attempt = 1; !closed; attempt++) {
          Duration wait = Supervisor.backoff(attempt);
          logs.line(app, "system/rack", "retrying release %s in %d ms".formatted(release, wait.toMillis()));
          Thread.sleep(wait);
          if (closed || current(app, release).filter(a2 -> DEGRADED.equals(a2.status())).isEmpty()) {
            return;
          }
          try {
            promote.apply(app, release);
            logs.line(app, "system/rack", "release %s runs again after %d retries".formatted(release, attempt));
            return;
          } catch (ProviderException e) {
            this.reason.accept(app, "release %s cannot run: %s".formatted(release, e.getMessage().replace('\n', ';')));
            logs.line(app, "system/rack", "release %s still cannot run: %s".formatted(release, e.getMessage().replace('\n', ';')));
          }
        }
      } catch (InterruptedException e) {
        // The rack is closing.
      } finally {
        retrying.remove(app);
      }
    }));
  }

  /** The app, if it still exists and {@code release} is still its active one. */
  private Optional<App> current(String app, String release) {
    return store.app(app).filter(a -> release.equals(a.release()));
  }

  @Override
  public void close() {
    closed = true;
    retrying.values().forEach(Thread::interrupt);
  }
}
