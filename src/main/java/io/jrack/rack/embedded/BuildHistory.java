package io.jrack.rack.embedded;

import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.Release;
import io.jrack.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The builds an app keeps: old ones are pruned (row and directory) past the retention, and builds
 * a stopped rack left {@code running} are failed when it starts again.
 */
final class BuildHistory {
  static final String INTERRUPTED = "build interrupted by a rack restart";

  private final Store store;
  private final RackConfig config;
  private final Clock clock;

  BuildHistory(Store store, RackConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /** Fails every build left {@code running} (no build runs before the rack has started); one line each. */
  List<String> failInterrupted() {
    List<String> report = new ArrayList<>();
    for (Build b : store.buildsWithStatus("running")) {
      String logs = (b.logs() == null ? "" : b.logs()) + "ERROR: " + INTERRUPTED + "\n";
      store.putBuild(new Build(b.id(), b.app(), "failed", null, b.description(), b.manifest(), b.started(), clock.instant(), logs));
      Trees.delete(config.buildDir(b.app(), b.id()));
      report.add(b.app() + ": build " + b.id() + " was interrupted by a rack restart and marked failed");
    }
    return report;
  }

  /**
   * Keeps the app's newest {@code keep} builds and deletes the older ones, except the builds of
   * its active and latest releases (which a promote or an {@code env set} still runs).
   */
  List<String> prune(String app, int keep) {
    List<String> ids = store.buildIds(app);
    if (ids.size() <= keep) {
      return List.of();
    }
    Set<String> spared = new HashSet<>();
    store.app(app).map(App::release).flatMap(r -> store.release(app, r)).map(Release::build).ifPresent(spared::add);
    store.latestRelease(app).map(Release::build).ifPresent(spared::add);
    List<String> pruned = new ArrayList<>();
    for (String id : ids.subList(keep, ids.size())) {
      if (!spared.contains(id)) {
        store.deleteBuild(app, id);
        Trees.delete(config.buildDir(app, id));
        pruned.add(id);
      }
    }
    return pruned;
  }
}
