package io.jrack.rack.embedded;

import io.jrack.discovery.ResourceKind;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.Resource;
import io.jrack.manifest.ResourceRef;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.ResourceInfo;
import io.jrack.runtime.ResourceState;
import io.jrack.runtime.AppRuntime;
import io.jrack.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of {@code convox resources}: each resource the active release declares, where it is
 * (the rack's server, or the URL the app's env gives instead) and how its server is doing.
 */
final class ResourceCatalog {
  private final Store store;
  private final AppRuntime runtime;

  ResourceCatalog(Store store, AppRuntime runtime) {
    this.store = store;
    this.runtime = runtime;
  }

  /** {@code active}: the app's running release, or null before its first promote (then it has none). */
  List<ResourceInfo> list(String app, Release active) {
    if (active == null || active.manifest() == null) {
      return List.of();
    }
    return Manifests.parse(active.manifest(), active.env(), false).manifest()
        .map(m -> list(app, m, active.env())).orElse(List.of());
  }

  ResourceInfo get(String app, Release active, String name) {
    return list(app, active).stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> ProviderException.notFound("no such resource: " + name + " (app " + app + ")"));
  }

  List<ResourceInfo> list(String app, Manifest manifest, Map<String, String> appEnv) {
    List<ResourceState> states = runtime.resourceStates(app);
    List<ResourceInfo> out = new ArrayList<>();
    for (Resource r : manifest.resources()) {
      String variable = ResourceRef.parse(r.name(), r.position()).variable();
      if (ResourcePlanner.overridden(r, manifest, appEnv)) {
        out.add(new ResourceInfo(r.name(), r.type(), appEnv.getOrDefault(variable, ""), "external", "", 0, null));
        continue;
      }
      if (ResourceKind.of(r.type()).isEmpty()) {
        out.add(new ResourceInfo(r.name(), r.type(), "", "not run by this rack", "", 0, null));
        continue;
      }
      Optional<Store.AssignedResource> assigned = store.resource(app, r.name());
      Optional<ResourceState> state = states.stream().filter(s -> s.name().equals(r.name())).findFirst();
      out.add(new ResourceInfo(r.name(), r.type(),
          assigned.map(a -> ResourcePlanner.endpoint(a).url()).orElse(""),
          state.map(ResourceState::status).orElse(assigned.isPresent() ? "stopped" : "not provisioned"),
          state.map(ResourceState::version).orElse(""),
          state.map(ResourceState::restarts).orElse(0),
          state.map(ResourceState::started).orElse(null)));
    }
    return out;
  }
}
