package io.jrack.rack.embedded;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ResourceKind;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.Resource;
import io.jrack.manifest.ResourceRef;
import io.jrack.manifest.Service;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.store.Store;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of an app's resources need a server, with what address and credentials, and getting the
 * runtime to run them. A resource needs none when the app's env gives its URL (Convox v3: set
 * {@code DATABASE_URL} to use an existing database) or when it is not a kind of server ({@code efs}).
 */
final class ResourcePlanner {
  private final Store store;
  private final AppRuntime runtime;
  private final EndpointAllocator allocator;

  ResourcePlanner(Store store, AppRuntime runtime, EndpointAllocator allocator) {
    this.store = store;
    this.runtime = runtime;
    this.allocator = allocator;
  }

  /** The stored (or newly assigned) endpoint of every resource that needs a server. */
  Map<String, ResourceEndpoint> assign(String app, Manifest manifest, Map<String, String> appEnv) {
    Map<String, ResourceEndpoint> out = new LinkedHashMap<>();
    for (Resource r : manifest.resources()) {
      ResourceKind.of(r.type()).filter(k -> !overridden(r, manifest, appEnv)).ifPresent(kind -> {
        Store.AssignedResource a = allocator.assignResource(app, r.name(), kind);
        out.put(r.name(), endpoint(a));
      });
    }
    return out;
  }

  /**
   * Runs the assigned resources; where the runtime serves one at another address (a cluster DNS
   * name), that address is stored, so {@code convox resources} shows where it really is.
   */
  Map<String, ResourceEndpoint> provision(String app, Manifest manifest, Map<String, ResourceEndpoint> assigned) throws RuntimeFailure {
    Map<String, ResourceEndpoint> running = runtime.provision(app, manifest.resources(), assigned);
    running.forEach((name, e) -> {
      if (!e.equals(assigned.get(name))) {
        store.resource(app, name).ifPresent(a -> store.putResource(new Store.AssignedResource(app, name, a.type(),
            e.host(), e.port(), e.user(), e.password(), e.database())));
      }
    });
    return running;
  }

  static ResourceEndpoint endpoint(Store.AssignedResource a) {
    String scheme = ResourceKind.of(a.type()).map(ResourceKind::scheme).orElse(a.type());
    return new ResourceEndpoint(scheme, a.host(), a.port(), a.user(), a.password(), a.database());
  }

  /**
   * True when the app's env names the resource's URL: its own {@code <NAME>_URL}, or the variable
   * of every service that uses it (v3's {@code - database:DB_URL} aliases).
   */
  static boolean overridden(Resource r, Manifest manifest, Map<String, String> appEnv) {
    if (appEnv.containsKey(ResourceRef.parse(r.name(), r.position()).variable())) {
      return true;
    }
    List<ResourceRef> uses = manifest.services().stream()
        .flatMap((Service s) -> s.resources().stream()).filter(ref -> ref.name().equals(r.name())).toList();
    return !uses.isEmpty() && uses.stream().allMatch(ref -> appEnv.containsKey(ref.variable()));
  }
}
