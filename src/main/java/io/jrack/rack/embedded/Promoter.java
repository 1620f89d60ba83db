package io.jrack.rack.embedded;

import io.jrack.discovery.DiscoveryContext;
import io.jrack.discovery.Endpoint;
import io.jrack.discovery.Endpoints;
import io.jrack.discovery.RackInfo;
import io.jrack.discovery.Resolution;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ServiceEnvironment;
import io.jrack.discovery.ServiceRow;
import io.jrack.discovery.ServicesTable;
import io.jrack.manifest.Link;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ParseResult;
import io.jrack.manifest.Service;
import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.ServiceInfo;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.Routing;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Promotes a release: the promote-time rules (internal services need {@code Internal=Yes},
 * cross-app links must exist, required env must be set), discovery, then the runtime. Any failure
 * marks the release failed with the reason and leaves the active release as it was.
 */
final class Promoter {
  static final String INTERNAL_UNSUPPORTED = "rack does not support internal services";

  private final RackConfig config;
  /** The rack's parameters as they are now (Internal, RouterHost). */
  private final Supplier<Map<String, String>> params;
  private final Store store;
  private final AppRuntime runtime;
  private final EndpointAllocator endpoints;
  private final ResourcePlanner resources;
  private final LogHub logs;
  private final ScaleOverrides scales;
  /** Where the rack's TCP balancers listen (none when the runtime serves them elsewhere). */
  private final Routing routing;

  Promoter(RackConfig config, Supplier<Map<String, String>> params, Store store, AppRuntime runtime, EndpointAllocator endpoints, LogHub logs,
      ScaleOverrides scales, Routing routing) {
    this.config = config;
    this.params = params;
    this.store = store;
    this.runtime = runtime;
    this.endpoints = endpoints;
    this.resources = new ResourcePlanner(store, runtime, endpoints);
    this.logs = logs;
    this.scales = scales;
    this.routing = routing;
  }

  Release promote(String app, Release release) {
    if (release.manifest() == null || release.build() == null) {
      throw fail(release, "release %s has no build (run convox deploy first)".formatted(release.id()));
    }
    ParseResult parsed = Manifests.parse(release.manifest(), release.env(), true);
    if (!parsed.ok()) {
      throw fail(release, String.join("\n", parsed.errors().stream().map(Object::toString).toList()));
    }
    // As convox scale left each service, unless this manifest changed what it overrode.
    ScaleOverrides.Applied scaled = scales.apply(app, parsed.manifest().get());
    Manifest manifest = scaled.manifest();
    List<String> problems = new ArrayList<>();
    if (hasInternal(manifest) && !"Yes".equals(params.get().get("Internal"))) {
      List<String> names = manifest.services().stream().filter(Service::internal).map(Service::name).toList();
      problems.add("%s (services %s are internal: run `convox rack params set Internal=Yes` first)".formatted(INTERNAL_UNSUPPORTED, String.join(", ", names)));
    }
    for (Service s : manifest.services()) {
      for (Link link : s.links()) {
        if (link.isCrossApp()) {
          crossAppProblem(link).ifPresent(problems::add);
        }
      }
    }
    Map<String, Endpoint> assigned = new LinkedHashMap<>();
    for (Service s : manifest.services()) {
      if (s.hasPort()) {
        assigned.put(s.name(), endpoints.assign(app, s.name()));
      }
    }
    Map<String, ResourceEndpoint> wanted = problems.isEmpty() ? resources.assign(app, manifest, release.env()) : Map.of();
    DiscoveryContext ctx = context(app, manifest, release);
    Map<String, Map<String, String>> environments = environments(ctx, manifest, problems);
    if (!problems.isEmpty()) {
      throw fail(release, String.join("\n", problems));
    }
    // Recorded first, so a rack that dies mid-deploy knows on restart that this one never finished.
    store.putRelease(withStatus(release, "promoting", release.description()));
    try {
      // Always: with none wanted, the app's servers that are no longer declared stop.
      Map<String, ResourceEndpoint> running = resources.provision(app, manifest, wanted);
      if (!running.equals(wanted)) {
        environments = environments(ctx, manifest, problems); // the runtime named its own addresses
      }
      runtime.deploy(new AppRelease(app, release.id(), manifest, environments, assigned, routes(ctx, manifest, assigned, BalancerRoutes.of(manifest, line -> logs.line(app, "system/rack", line)))),
          config.buildDir(app, release.build()));
    } catch (RuntimeFailure e) {
      throw fail(release, e.getMessage());
    } catch (RuntimeException e) {
      // A port taken by another program, a directory gone: still a failed release, never one left promoting.
      throw fail(release, "could not run the release: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    endpoints.running(app, assigned, wanted);
    if (!scaled.dropped().isEmpty()) {
      scales.put(app, scaled.kept());
      scaled.dropped().forEach(line -> logs.line(app, "system/rack", line));
    }
    Release promoted = withStatus(release, "promoted", release.description());
    App current = store.app(app).orElseThrow();
    store.transaction(tx -> {
      tx.putRelease(promoted);
      tx.updateApp(new App(current.name(), "running", release.id(), current.created()));
      return null;
    });
    logs.line(app, "system/rack", "release " + release.id() + " promoted");
    return withStatus(promoted, "active", promoted.description());
  }

  private static Map<String, Map<String, String>> environments(DiscoveryContext ctx, Manifest manifest, List<String> problems) {
    Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    for (Service s : manifest.services()) {
      Resolution r = ServiceEnvironment.of(ctx, s);
      r.problems().forEach(p -> problems.add("service " + s.name() + ": " + p));
      environments.put(s.name(), r.env());
    }
    return environments;
  }

  /** Marks releases left {@code promoting} by a rack that died mid-deploy as failed; returns them. */
  List<Release> resolveInterrupted(String app) {
    List<Release> out = new ArrayList<>();
    for (Release r : store.releases(app)) {
      if ("promoting".equals(r.status())) {
        Release failed = withStatus(r, "failed", "promote interrupted by a rack restart; the previous release was restored");
        store.putRelease(failed);
        logs.line(app, "system/rack", "release " + r.id() + " was being promoted when the rack stopped: marked failed");
        out.add(failed);
      }
    }
    return out;
  }

  /**
   * Public host names per service (its custom domains, else {@code <app>-<service>.<RouterHost>}); none
   * when internal (unless internalAndExternal) or on the internal router, which has its own name. A service without a port has a route only for its TCP balancers.
   */
  private static List<Routing.Route> routes(DiscoveryContext ctx, Manifest manifest, Map<String, Endpoint> assigned,
      Map<String, List<Routing.Balancer>> balancers) {
    List<Routing.Route> out = new ArrayList<>();
    for (Service s : manifest.services()) {
      List<Routing.Balancer> tcp = balancers.getOrDefault(s.name(), List.of());
      if (s.hasPort()) {
        out.add(new Routing.Route(s.name(), ServicesTable.publicHosts(ctx, s), !s.servedPublicly(), assigned.get(s.name()), s.port().scheme(), tcp,
            ServicesTable.internalRouterHosts(ctx, s)));
      } else if (!tcp.isEmpty()) {
        out.add(new Routing.Route(s.name(), List.of(), false, null, null, tcp));
      }
    }
    return out;
  }

  private Optional<String> crossAppProblem(Link link) {
    Optional<App> other = store.app(link.app());
    if (other.isEmpty()) {
      return Optional.of("link %s: no app %s on this rack".formatted(link, link.app()));
    }
    Release active = other.get().release() == null ? null : store.release(link.app(), other.get().release()).orElse(null);
    if (active == null) {
      return Optional.of("link %s: app %s has no active release (deploy it first)".formatted(link, link.app()));
    }
    ParseResult parsed = Manifests.parse(active.manifest(), active.env(), false);
    Optional<Service> target = parsed.manifest().flatMap(m -> m.service(link.service()));
    if (target.isEmpty()) {
      return Optional.of("link %s: app %s has no service %s".formatted(link, link.app(), link.service()));
    }
    if (!target.get().hasPort()) {
      return Optional.of("link %s: service %s of app %s has no port".formatted(link, link.service(), link.app()));
    }
    return Optional.empty();
  }

  List<ServiceInfo> services(String app, Release release) {
    ParseResult parsed = Manifests.parse(release.manifest(), release.env(), false);
    if (!parsed.ok()) {
      return List.of();
    }
    Manifest manifest = scales.apply(app, parsed.manifest().get()).manifest();
    List<ServiceInfo> out = new ArrayList<>();
    List<Routing.BoundBalancer> bound = routing == null ? List.of() : routing.balancers(app);
    for (ServiceRow row : ServicesTable.rows(context(app, manifest, release))) {
      io.jrack.manifest.Scale scale = manifest.service(row.name()).map(Service::scale).orElseThrow();
      List<ServiceInfo.PortMapping> ports = new ArrayList<>(row.ports().stream().map(p -> new ServiceInfo.PortMapping(p.balancer(), p.container())).toList());
      // The TCP balancers, on the ports they got (the manifest's, unless it was taken).
      bound.stream().filter(b -> b.service().equals(row.name())).forEach(b -> ports.add(new ServiceInfo.PortMapping(b.port(), b.target())));
      // An agent runs one process per machine, and this rack is one (as the runtimes run it).
      int count = manifest.service(row.name()).map(s -> s.agent().enabled()).orElse(false) ? 1 : scale.count();
      out.add(new ServiceInfo(row.name(), row.domain(), ports, count, scale.cpu(), scale.memory()));
    }
    return out;
  }

  boolean hasInternal(String app, Release release) {
    return Manifests.parse(release.manifest(), release.env(), false).manifest().map(Promoter::hasInternal).orElse(false);
  }

  private static boolean hasInternal(Manifest m) {
    return m.services().stream().anyMatch(Service::internal);
  }

  private DiscoveryContext context(String app, Manifest manifest, Release release) {
    RackConfig c = config;
    List<RackInfo.Listener> listeners = new ArrayList<>();
    if (c.httpPort() > 0) {
      listeners.add(new RackInfo.Listener("http", c.httpPort()));
    }
    if (c.httpsPort() > 0) {
      listeners.add(new RackInfo.Listener("https", c.httpsPort()));
    }
    RackInfo info = new RackInfo(c.name(), params.get().get("RouterHost"), listeners);
    return new DiscoveryContext(info, app, manifest, release.env(), release.id(), view(app, manifest));
  }

  /**
   * What discovery sees: the stored endpoints, or the runtime's own name for a service (a cluster
   * DNS name) when it has one, and the stored resources.
   */
  private Endpoints view(String promoting, Manifest manifest) {
    return new Endpoints() {
      @Override
      public Optional<Endpoint> service(String app, String service) {
        Optional<Endpoint> local = endpoints.get(app, service);
        Optional<Manifest> owner = app.equals(promoting) ? Optional.of(manifest) : activeManifest(app);
        Optional<Service> target = owner.flatMap(m -> m.service(service)).filter(Service::hasPort);
        return local.flatMap(l -> target.flatMap(t -> runtime.serviceEndpoint(app, t))).or(() -> local);
      }

      @Override
      public Optional<ResourceEndpoint> resource(String app, String resource) {
        return store.resource(app, resource).map(ResourcePlanner::endpoint);
      }
    };
  }

  private Optional<Manifest> activeManifest(String app) {
    return store.app(app).filter(a -> a.release() != null).flatMap(a -> store.release(app, a.release()))
        .flatMap(r -> Manifests.parse(r.manifest(), r.env(), false).manifest());
  }

  private ProviderException fail(Release release, String reason) {
    store.putRelease(withStatus(release, "failed", "promote failed: " + reason.lines().findFirst().orElse(reason)));
    logs.line(release.app(), "system/rack", "release " + release.id() + " failed: " + reason.replace('\n', ';'));
    return ProviderException.badRequest(reason);
  }

  private static Release withStatus(Release r, String status, String description) {
    return new Release(r.id(), r.app(), r.build(), r.env(), r.manifest(), r.created(), status, description);
  }
}
