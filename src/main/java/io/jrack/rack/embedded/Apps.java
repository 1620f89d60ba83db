package io.jrack.rack.embedded;

import io.jrack.manifest.DnsLabel;
import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import io.jrack.runtime.AppRuntime;
import io.jrack.store.Store;
import io.jrack.store.StoreException;
import java.time.Clock;
import java.util.List;

/**
 * The rack's apps: creating one claims its host names first, deleting one stops its processes and
 * removes its state. Every other part looks an app up here, so "no such app" reads the same everywhere.
 */
final class Apps {
  /** Longest app name: it is the first part of host names ({@code <app>-<service>.<RouterHost>}). */
  static final int NAME_MAX = 30;

  private final RackConfig config;
  private final Store store;
  private final AppRuntime runtime;
  private final Clock clock;
  private final AppLocks locks;
  private final HostClaims hosts;
  private final AppHealth health;
  private final LogHub logs;
  private final EndpointAllocator endpoints;

  Apps(RackConfig config, Store store, AppRuntime runtime, Clock clock, AppLocks locks, HostClaims hosts, AppHealth health, LogHub logs,
      EndpointAllocator endpoints) {
    this.config = config;
    this.store = store;
    this.runtime = runtime;
    this.clock = clock;
    this.locks = locks;
    this.hosts = hosts;
    this.health = health;
    this.logs = logs;
    this.endpoints = endpoints;
  }

  List<App> list() {
    return store.apps().stream().map(health::present).toList();
  }

  App create(String name) {
    if (!DnsLabel.matches(name, NAME_MAX)) {
      throw ProviderException.badRequest(("invalid app name: \"%s\" (expected: a lowercase letter, then lowercase letters, digits or dashes,"
          + " not ending with a dash, at most %d)").formatted(name == null ? "" : DnsLabel.shown(name), NAME_MAX));
    }
    App app = new App(name, "running", null, clock.instant());
    List<String> taken = hosts.create(name, () -> {
      try {
        store.insertApp(app);
      } catch (StoreException e) {
        if (e.conflict()) {
          throw ProviderException.conflict("app already exists: " + name);
        }
        throw e;
      }
    });
    if (!taken.isEmpty()) {
      throw ProviderException.badRequest(String.join("\n", taken));
    }
    logs.created(name);
    return app;
  }

  App get(String name) {
    return store.app(name).map(health::present).orElseThrow(() -> ProviderException.notFound("no such app: " + name));
  }

  void delete(String name, boolean deleteResources) {
    get(name);
    locks.run(name, () -> {
      List<String> kept = store.resources(name).stream().map(r -> r.name() + " (" + r.type() + ")").toList();
      if (!kept.isEmpty() && !deleteResources) {
        throw ProviderException.badRequest(("app %s has resources with data: %s; deleting the app deletes their data"
            + " (confirm with: convox apps delete %s --delete-resources)").formatted(name, String.join(", ", kept), name));
      }
      runtime.remove(name);
      runtime.pruned(name, store.buildIds(name));
      endpoints.forget(name);
      store.deleteApp(name);
      Trees.delete(config.appDir(name));
      logs.delete(name);
      return null;
    });
  }
}
