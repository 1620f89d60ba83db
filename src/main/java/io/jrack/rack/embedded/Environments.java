package io.jrack.rack.embedded;

import io.jrack.manifest.EnvRules;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.store.Store;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An app's environment, as Convox keeps it: each change is a new release on top of the latest one
 * (same build and manifest), made under the app's lock so concurrent changes each see the previous.
 */
final class Environments {
  private final Apps apps;
  private final Store store;
  private final AppLocks locks;
  private final LogHub logs;
  private final Clock clock;

  Environments(Apps apps, Store store, AppLocks locks, LogHub logs, Clock clock) {
    this.apps = apps;
    this.store = store;
    this.locks = locks;
    this.logs = logs;
    this.clock = clock;
  }

  Map<String, String> get(String app) {
    apps.get(app);
    return store.latestRelease(app).map(r -> (Map<String, String>) new TreeMap<>(r.env())).orElse(new TreeMap<>());
  }

  Release set(String app, Map<String, String> values, boolean replace) {
    apps.get(app);
    check(values);
    return locks.run(app, () -> {
      Release latest = store.latestRelease(app).orElse(null);
      Map<String, String> env = new LinkedHashMap<>(replace || latest == null ? Map.of() : latest.env());
      env.putAll(values);
      String description = (replace ? "env replace:" : "env add:") + String.join(",", new TreeMap<>(values).keySet());
      return newRelease(app, latest, env, description);
    });
  }

  Release unset(String app, List<String> keys) {
    apps.get(app);
    return locks.run(app, () -> {
      Release latest = store.latestRelease(app).orElse(null);
      Map<String, String> env = new LinkedHashMap<>(latest == null ? Map.of() : latest.env());
      List<String> missing = keys.stream().filter(k -> !env.containsKey(k)).toList();
      if (!missing.isEmpty()) {
        throw ProviderException.notFound("env not found: " + String.join(", ", missing));
      }
      keys.forEach(env::remove);
      return newRelease(app, latest, env, "env remove:" + String.join(",", keys));
    });
  }

  private Release newRelease(String app, Release latest, Map<String, String> env, String description) {
    Release r = new Release(Ids.release(), app, latest == null ? null : latest.build(), env,
        latest == null ? null : latest.manifest(), clock.instant(), "created", description);
    store.putRelease(r);
    logs.line(app, "system/rack", "release " + r.id() + " created: " + description);
    return r;
  }

  /** Refuses names and values no process environment can hold, before they reach a release. */
  static void check(Map<String, String> env) {
    for (Map.Entry<String, String> e : env.entrySet()) {
      EnvRules.nameProblem(e.getKey()).or(() -> EnvRules.valueProblem(e.getKey(), e.getValue() == null ? "" : e.getValue()))
          .ifPresent(problem -> {
            throw ProviderException.badRequest(problem);
          });
    }
  }
}
