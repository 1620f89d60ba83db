package io.jrack.rack.embedded;

import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * An app's releases: made from a complete build, promoted under the app's lock once their host names
 * are free. A release the rack refuses to promote is marked failed with the reason, so {@code convox
 * releases} shows why.
 */
final class Releases {
  private final Apps apps;
  private final Builds builds;
  private final Store store;
  private final AppLocks locks;
  private final HostClaims hosts;
  private final Promoter promoter;
  private final LogHub logs;
  private final Clock clock;

  Releases(Apps apps, Builds builds, Store store, AppLocks locks, HostClaims hosts, Promoter promoter, LogHub logs, Clock clock) {
    this.apps = apps;
    this.builds = builds;
    this.store = store;
    this.locks = locks;
    this.hosts = hosts;
    this.promoter = promoter;
    this.logs = logs;
    this.clock = clock;
  }

  Release create(String app, String build, Map<String, String> env) {
    apps.get(app);
    return locks.run(app, () -> {
      Build b = builds.get(app, build);
      if (!"complete".equals(b.status())) {
        throw ProviderException.badRequest("build %s is %s (expected: a complete build)".formatted(build, b.status()));
      }
      Environments.check(env);
      Release r = new Release(Ids.release(), app, build, Map.copyOf(env), b.manifest(), clock.instant(), "created", "build " + build);
      store.putRelease(r);
      return r;
    });
  }

  Release get(String app, String id) {
    apps.get(app);
    return present(apps.get(app), store.release(app, id).orElseThrow(() -> ProviderException.notFound("no such release: " + id)));
  }

  /** The stored status, except that the app's current release shows as {@code active}. */
  private static Release present(App app, Release r) {
    if (!r.id().equals(app.release())) {
      return r;
    }
    return new Release(r.id(), r.app(), r.build(), r.env(), r.manifest(), r.created(), "active", r.description());
  }

  List<Release> list(String app) {
    App a = apps.get(app);
    return store.releases(app).stream().map(r -> present(a, r)).toList();
  }

  /** The app's running release, or null before its first promote. */
  Release active(String app) {
    App a = apps.get(app);
    return a.release() != null ? get(app, a.release()) : null;
  }

  Release promote(String app, String id) {
    apps.get(app);
    return locks.run(app, () -> {
      Release release = get(app, id);
      List<String> taken = hosts.claim(app, release);
      if (!taken.isEmpty()) {
        throw refuse(release, taken);
      }
      try {
        return promoter.promote(app, release);
      } finally {
        hosts.done(app);
      }
    });
  }

  /** The release, marked failed with the reason, and the error for the caller. */
  private ProviderException refuse(Release release, List<String> reasons) {
    String reason = String.join("\n", reasons);
    store.putRelease(new Release(release.id(), release.app(), release.build(), release.env(), release.manifest(), release.created(), "failed",
        "promote failed: " + reasons.get(0)));
    logs.line(release.app(), "system/rack", "release " + release.id() + " failed: " + reason.replace('\n', ';'));
    return ProviderException.badRequest(reason);
  }
}
