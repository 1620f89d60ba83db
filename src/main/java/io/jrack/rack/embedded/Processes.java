package io.jrack.rack.embedded;

import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.ServiceInfo;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * An app's services and their processes: listing, scaling, one-off runs and exec. One-off processes
 * run in the running release only; the runtime's refusals become errors that say why.
 */
final class Processes {
  private final Apps apps;
  private final Releases releases;
  private final Store store;
  private final AppRuntime runtime;
  private final AppLocks locks;
  private final Promoter promoter;
  private final Scaler scaler;
  private final LogHub logs;

  Processes(Apps apps, Releases releases, Store store, AppRuntime runtime, AppLocks locks, Promoter promoter, Scaler scaler, LogHub logs) {
    this.apps = apps;
    this.releases = releases;
    this.store = store;
    this.runtime = runtime;
    this.locks = locks;
    this.promoter = promoter;
    this.scaler = scaler;
    this.logs = logs;
  }

  /** The running release's services, or before the first promote the latest release's. */
  List<ServiceInfo> services(String app) {
    Release active = releases.active(app);
    Release r = active != null ? active : store.latestRelease(app).orElse(null);
    if (r == null || r.manifest() == null) {
      return List.of();
    }
    return promoter.services(app, r);
  }

  void scale(String app, String service, Integer count, Integer cpu, Integer memory) {
    Scaler.check(count, cpu, memory);
    apps.get(app);
    locks.run(app, () -> {
      scaler.scale(app, service, count, cpu, memory);
      return null;
    });
  }

  List<ProcessInfo> list(String app) {
    apps.get(app);
    return runtime.processes(app);
  }

  void stop(String app, String id) {
    apps.get(app);
    if (runtime.processes(app).stream().noneMatch(p -> p.id().equals(id))) {
      throw ProviderException.notFound("no such process: " + id);
    }
    runtime.stop(app, id);
  }

  ProcessInfo start(String app, String service, String command, String release) {
    String active = apps.get(app).release();
    if (active == null) {
      throw ProviderException.conflict("run %s: app %s has no running release (expected: a deployed app; run convox deploy first)".formatted(service, app));
    }
    if (release != null && !release.isBlank() && !release.equals(active)) {
      throw ProviderException.badRequest("run: release %s (expected: %s, the running release: one-off processes run in it here)".formatted(release, active));
    }
    if (services(app).stream().noneMatch(s -> s.name().equals(service))) {
      throw ProviderException.notFound("no such service: " + service + " (app " + app + ")");
    }
    try {
      ProcessInfo p = runtime.run(app, service, command == null || command.isBlank() ? null : command);
      logs.line(app, "system/rack", "%s/%s started: %s".formatted(service, p.id(), p.command()));
      return p;
    } catch (UnsupportedOperationException e) {
      throw ProviderException.badRequest("run: " + e.getMessage());
    } catch (RuntimeFailure e) {
      throw ProviderException.conflict("run: " + e.getMessage());
    }
  }

  int exec(String app, String id, String command, boolean tty, InputStream in, OutputStream out) {
    apps.get(app);
    try {
      return runtime.exec(app, id, command, tty, in, out).orElseThrow(() -> ProviderException.notFound("no such process: " + id));
    } catch (UnsupportedOperationException e) {
      throw ProviderException.badRequest("exec: " + e.getMessage());
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.INTERNAL, "exec in " + id + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "exec in " + id + " interrupted");
    }
  }
}
