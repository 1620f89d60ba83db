package io.jrack.rack.embedded;

import io.jrack.rack.Build;
import io.jrack.rack.ProviderException;
import io.jrack.rack.UploadLimits;
import io.jrack.runtime.AppRuntime;
import io.jrack.store.Store;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An app's builds: receiving a source upload within the rack's limits, building it under the app's
 * lock, and pruning the builds past the retention parameter.
 */
final class Builds {
  private final Apps apps;
  private final Supplier<Map<String, String>> params;
  private final UploadBuffer uploads;
  private final AppLocks locks;
  private final BuildHistory history;
  private final Store store;
  private final AppRuntime runtime;
  private final LogHub logs;
  /** A new builder for each build: it keeps that build's log. */
  private final Supplier<Builder> builders;

  Builds(Apps apps, Supplier<Map<String, String>> params, UploadBuffer uploads, AppLocks locks, BuildHistory history, Store store, AppRuntime runtime,
      LogHub logs, Supplier<Builder> builders) {
    this.apps = apps;
    this.params = params;
    this.uploads = uploads;
    this.locks = locks;
    this.history = history;
    this.store = store;
    this.runtime = runtime;
    this.logs = logs;
    this.builders = builders;
  }

  /** The upload is received whole before the app's lock is taken: a slow one holds up nothing else. */
  Build create(String app, InputStream source, String description, long declaredBytes) {
    apps.get(app);
    BuildLimits limits = BuildLimits.from(params.get());
    UploadBuffer.checkDeclared(declaredBytes, limits);
    Path upload = uploads.receive(source, limits);
    try {
      return locks.run(app, () -> {
        Build b = builders.get().build(app, upload, description, limits);
        prune(app, limits.retention());
        return b;
      });
    } finally {
      UploadBuffer.delete(upload);
    }
  }

  UploadLimits uploadLimits() {
    BuildLimits limits = BuildLimits.from(params.get());
    return new UploadLimits(limits.uploadBytes(), limits.uploadTimeout());
  }

  private void prune(String app, int keep) {
    try {
      List<String> pruned = history.prune(app, keep);
      if (!pruned.isEmpty()) {
        logs.line(app, "system/rack", "pruned builds %s (rack parameter %s: %d)".formatted(String.join(", ", pruned), BuildLimits.RETENTION, keep));
        runtime.pruned(app, pruned);
      }
    } catch (RuntimeException e) {
      // The build itself is done and recorded; the next build prunes again.
      logs.line(app, "system/rack", "could not prune old builds: " + e.getMessage());
    }
  }

  Build get(String app, String id) {
    apps.get(app);
    return store.build(app, id).orElseThrow(() -> ProviderException.notFound("no such build: " + id));
  }

  List<Build> list(String app, int limit) {
    apps.get(app);
    if (limit < 1) {
      throw ProviderException.badRequest("limit: %d (expected: a number of builds, at least 1)".formatted(limit));
    }
    return store.builds(app, limit);
  }
}
