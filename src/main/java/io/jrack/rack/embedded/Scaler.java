package io.jrack.rack.embedded;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.Service;
import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.store.Store;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code convox scale SERVICE --count N --cpu C --memory M} on the running release: the new values are
 * kept ({@link ScaleOverrides}), then a count alone is applied in place by runtimes that can (processes
 * started or stopped, the others untouched); cpu, memory, or a runtime that cannot, deploy the running
 * release again with the new values, rolling, as a changed manifest would. Runs under the app's lock.
 * A change that fails leaves the previous values, and what ran before runs on.
 */
final class Scaler {
  static final int COUNT_MAX = 100;

  private final Store store;
  private final AppRuntime runtime;
  private final ScaleOverrides overrides;
  private final LogHub logs;
  /** Promotes a release again (the running one, with the stored overrides). */
  private final BiFunction<String, Release, Release> promote;

  Scaler(Store store, AppRuntime runtime, ScaleOverrides overrides, LogHub logs, BiFunction<String, Release, Release> promote) {
    this.store = store;
    this.runtime = runtime;
    this.overrides = overrides;
    this.logs = logs;
    this.promote = promote;
  }

  /** Refuses values no rack could run, before anything is looked up. */
  static void check(Integer count, Integer cpu, Integer memory) {
    if (count != null && (count < 0 || count > COUNT_MAX)) {
      throw ProviderException.badRequest("count: %d (expected: 0-%d processes)".formatted(count, COUNT_MAX));
    }
    if (cpu != null && cpu < 0) {
      throw ProviderException.badRequest("cpu: %d (expected: CPU units, 0 or more; 1024 is one core)".formatted(cpu));
    }
    if (memory != null && memory < 1) {
      throw ProviderException.badRequest("memory: %d (expected: megabytes, 1 or more)".formatted(memory));
    }
  }

  void scale(String app, String service, Integer count, Integer cpu, Integer memory) {
    App a = store.app(app).orElseThrow(() -> ProviderException.notFound("no such app: " + app));
    if (a.release() == null) {
      throw ProviderException.conflict("scale %s: app %s has no running release (expected: a deployed app; run convox deploy first)".formatted(service, app));
    }
    Release release = store.release(app, a.release()).orElseThrow();
    Manifest manifest = Manifests.parse(release.manifest(), release.env(), false).manifest()
        .orElseThrow(() -> ProviderException.conflict("scale %s: the running release's manifest does not parse".formatted(service)));
    Service declared = manifest.service(service)
        .orElseThrow(() -> ProviderException.notFound("no such service: " + service + " (app " + app + ")"));
    if (count != null && declared.agent().enabled()) {
      throw ProviderException.badRequest("scale %s: count %d (expected: no count; %s is an agent, which runs one process per machine, and this rack is one machine)"
          .formatted(service, count, service));
    }
    ScaleOverrides.Values written = ScaleOverrides.Values.of(declared.scale());
    Map<String, ScaleOverrides.Override> before = overrides.get(app);
    ScaleOverrides.Override was = before.get(service) == null ? null : before.get(service).against(written);
    ScaleOverrides.Values from = was == null ? written : was.over(written);
    ScaleOverrides.Values to = new ScaleOverrides.Values(count != null ? count : from.count(), cpu != null ? cpu : from.cpu(),
        memory != null ? memory : from.memory());
    if (to.equals(from)) {
      return;
    }
    Map<String, ScaleOverrides.Override> after = new java.util.TreeMap<>(before);
    if (to.equals(written)) {
      after.remove(service);
    } else {
      after.put(service, new ScaleOverrides.Override(to.count() != written.count() ? to.count() : null,
          to.cpu() != written.cpu() ? to.cpu() : null, to.memory() != written.memory() ? to.memory() : null, written));
    }
    overrides.put(app, after);
    try {
      boolean inPlace = to.cpu() == from.cpu() && to.memory() == from.memory() && runtime.scale(app, service, to.count());
      if (!inPlace) {
        promote.apply(app, release);
      }
    } catch (RuntimeFailure | ProviderException e) {
      overrides.put(app, before);
      logs.line(app, "system/rack", "scale %s failed: %s".formatted(service, e.getMessage().replace('\n', ';')));
      throw ProviderException.badRequest("scale %s: %s".formatted(service, e.getMessage()));
    }
    logs.line(app, "system/rack", "scaled %s: count %d, cpu %d, memory %d (was count %d, cpu %d, memory %d)"
        .formatted(service, to.count(), to.cpu(), to.memory(), from.count(), from.cpu(), from.memory()));
  }
}
