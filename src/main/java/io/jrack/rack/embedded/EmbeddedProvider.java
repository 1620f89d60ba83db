package io.jrack.rack.embedded;

import io.jrack.manifest.DnsLabel;
import io.jrack.manifest.EnvRules;
import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Provider;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.ResourceInfo;
import io.jrack.rack.ServiceInfo;
import io.jrack.rack.SystemInfo;
import io.jrack.runtime.AppRuntime;
import io.jrack.store.Store;
import io.jrack.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The embedded rack's {@link Provider}. Changes to one app (builds, env, promotes) are serialized
 * by a per-app lock, so concurrent {@code env set} calls each see the previous one's release.
 */
public final class EmbeddedProvider implements Provider, AutoCloseable {
  /** Longest app name: it is the first part of host names ({@code <app>-<service>.<RouterHost>}). */
  static final int APP_NAME_MAX = 30;

  private final RackConfig config;
  private final Store store;
  private final AppRuntime runtime;
  private final Clock clock;
  private final RackParams params;
  private final AppLocks locks = new AppLocks();
  private final HostClaims hosts;
  final LogHub logs;
  final EndpointAllocator endpoints;
  private final Promoter promoter;
  private final ResourceCatalog resources;
  private final UploadBuffer uploads;
  private final BuildHistory buildHistory;
  private final Restorer restorer;
  private final Scaler scaler;
  private final AppHealth health;
  private final RackSystem system;
  private final ProxyTargets proxyTargets;
  private final RouterCertificates certificates;

  /** {@code logs}: where {@code runtime} writes what processes print, built before both so that neither needs the other. */
  public EmbeddedProvider(RackConfig config, Store store, AppRuntime runtime, LogHub logs, Clock clock) {
    this(config, store, runtime, logs, clock, null);
  }

  /** The router, for its figures ({@code convox rack}'s outputs); null when the runtime routes elsewhere. */
  private final io.jrack.runtime.Routing routing;

  /** {@code routing}: the router that serves the apps' TCP balancers, whose ports {@code convox services} shows; null when none does. */
  public EmbeddedProvider(RackConfig config, Store store, AppRuntime runtime, LogHub logs, Clock clock, io.jrack.runtime.Routing routing) {
    this.config = config;
    this.store = store;
    this.runtime = runtime;
    this.clock = clock;
    this.params = new RackParams(config.name(), config.paramDefaults());
    this.logs = logs;
    this.endpoints = new EndpointAllocator(store, config.dir().toAbsolutePath().normalize().toString(), config.endpointPortFirst(), config.endpointPortLast());
    ScaleOverrides scales = new ScaleOverrides(config::appDir);
    this.promoter = new Promoter(config, this::paramsGet, store, runtime, endpoints, logs, scales, routing);
    this.routing = routing;
    this.scaler = new Scaler(store, runtime, scales, logs, promoter::promote);
    this.resources = new ResourceCatalog(store, runtime);
    this.uploads = new UploadBuffer(config.dir().resolve("uploads"), clock);
    this.buildHistory = new BuildHistory(store, config, clock);
    this.hosts = new HostClaims(store, () -> paramsGet().get("RouterHost"));
    // As it ran before the restart: a domain two apps claimed before claims were checked stays as it was.
    this.health = new AppHealth(store, runtime, locks, logs);
    this.restorer = new Restorer(store, locks, logs, (app, id) -> locks.run(app, () -> promoter.promote(app, releaseGet(app, id))), health::degraded);
    health.start();
    this.proxyTargets = new ProxyTargets(store, endpoints, config.name());
    this.certificates = new RouterCertificates(store, clock, config.httpsPort(), this::serviceList);
    this.system = new RackSystem(config, () -> store.apps().stream().mapToInt(a -> runtime.processes(a.name()).size()).sum());
  }

  RackConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  // ---- apps

  @Override
  public List<App> appList() {
    return store.apps().stream().map(health::present).toList();
  }

  @Override
  public App appCreate(String name) {
    if (!DnsLabel.matches(name, APP_NAME_MAX)) {
      throw ProviderException.badRequest(("invalid app name: \"%s\" (expected: a lowercase letter, then lowercase letters, digits or dashes,"
          + " not ending with a dash, at most %d)").formatted(name == null ? "" : DnsLabel.shown(name), APP_NAME_MAX));
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

  @Override
  public App appGet(String name) {
    return store.app(name).map(health::present).orElseThrow(() -> ProviderException.notFound("no such app: " + name));
  }

  @Override
  public void appDelete(String name, boolean deleteResources) {
    appGet(name);
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
      deleteTree(config.appDir(name));
      logs.delete(name);
      return null;
    });
  }

  /**
   * After a (re)start: resolves deploys a dead rack left half done (the previous release stays),
   * then runs every app's active release again (an app whose release cannot run is degraded and
   * retried with backoff). Returns one line per app for the rack's log.
   */
  public List<String> recover() {
    List<String> report = new ArrayList<>();
    uploads.clean();
    report.addAll(buildHistory.failInterrupted());
    for (App app : store.apps()) {
      locks.run(app.name(), () -> promoter.resolveInterrupted(app.name()))
          .forEach(r -> report.add(app.name() + ": release " + r.id() + " was interrupted mid-deploy and marked failed"));
      if (app.release() == null) {
        continue;
      }
      report.add(restorer.restore(app));
    }
    return report;
  }

  // ---- builds

  @Override
  public Build buildCreate(String app, InputStream source, String description) {
    return buildCreate(app, source, description, -1);
  }

  /** The upload is received whole before the app's lock is taken: a slow one holds up nothing else. */
  @Override
  public Build buildCreate(String app, InputStream source, String description, long declaredBytes) {
    appGet(app);
    BuildLimits limits = BuildLimits.from(paramsGet());
    UploadBuffer.checkDeclared(declaredBytes, limits);
    Path upload = uploads.receive(source, limits);
    try {
      return locks.run(app, () -> {
        Build b = new Builder(store, runtime, logs, endpoints, config, clock).build(app, upload, description, limits);
        pruneBuilds(app, limits.retention());
        return b;
      });
    } finally {
      UploadBuffer.delete(upload);
    }
  }

  @Override
  public io.jrack.rack.UploadLimits uploadLimits() {
    BuildLimits limits = BuildLimits.from(paramsGet());
    return new io.jrack.rack.UploadLimits(limits.uploadBytes(), limits.uploadTimeout());
  }

  private void pruneBuilds(String app, int keep) {
    try {
      List<String> pruned = buildHistory.prune(app, keep);
      if (!pruned.isEmpty()) {
        logs.line(app, "system/rack", "pruned builds %s (rack parameter %s: %d)".formatted(String.join(", ", pruned), BuildLimits.RETENTION, keep));
        runtime.pruned(app, pruned);
      }
    } catch (RuntimeException e) {
      // The build itself is done and recorded; the next build prunes again.
      logs.line(app, "system/rack", "could not prune old builds: " + e.getMessage());
    }
  }

  @Override
  public Build buildGet(String app, String id) {
    appGet(app);
    return store.build(app, id).orElseThrow(() -> ProviderException.notFound("no such build: " + id));
  }

  @Override
  public List<Build> buildList(String app, int limit) {
    appGet(app);
    if (limit < 1) {
      throw ProviderException.badRequest("limit: %d (expected: a number of builds, at least 1)".formatted(limit));
    }
    return store.builds(app, limit);
  }

  // ---- releases

  @Override
  public Release releaseCreate(String app, String build, Map<String, String> env) {
    appGet(app);
    return locks.run(app, () -> {
      Build b = buildGet(app, build);
      if (!"complete".equals(b.status())) {
        throw ProviderException.badRequest("build %s is %s (expected: a complete build)".formatted(build, b.status()));
      }
      checkEnv(env);
      Release r = new Release(Ids.release(), app, build, Map.copyOf(env), b.manifest(), clock.instant(), "created", "build " + build);
      store.putRelease(r);
      return r;
    });
  }

  @Override
  public Release releaseGet(String app, String id) {
    appGet(app);
    return present(appGet(app), store.release(app, id).orElseThrow(() -> ProviderException.notFound("no such release: " + id)));
  }

  /** The stored status, except that the app's current release shows as {@code active}. */
  private static Release present(App app, Release r) {
    if (!r.id().equals(app.release())) {
      return r;
    }
    return new Release(r.id(), r.app(), r.build(), r.env(), r.manifest(), r.created(), "active", r.description());
  }

  @Override
  public List<Release> releaseList(String app) {
    App a = appGet(app);
    return store.releases(app).stream().map(r -> present(a, r)).toList();
  }

  @Override
  public Release releasePromote(String app, String id) {
    appGet(app);
    return locks.run(app, () -> {
      Release release = releaseGet(app, id);
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

  // ---- services and processes

  @Override
  public List<ServiceInfo> serviceList(String app) {
    App a = appGet(app);
    String id = a.release();
    Release r = id != null ? releaseGet(app, id) : store.latestRelease(app).orElse(null);
    if (r == null || r.manifest() == null) {
      return List.of();
    }
    return promoter.services(app, r);
  }

  @Override
  public void serviceUpdate(String app, String service, Integer count, Integer cpu, Integer memory) {
    Scaler.check(count, cpu, memory);
    appGet(app);
    locks.run(app, () -> {
      scaler.scale(app, service, count, cpu, memory);
      return null;
    });
  }

  @Override
  public List<ProcessInfo> processList(String app) {
    appGet(app);
    return runtime.processes(app);
  }

  @Override
  public void processStop(String app, String id) {
    appGet(app);
    if (runtime.processes(app).stream().noneMatch(p -> p.id().equals(id))) {
      throw ProviderException.notFound("no such process: " + id);
    }
    runtime.stop(app, id);
  }

  @Override
  public ProcessInfo processStart(String app, String service, String command, String release) {
    String active = appGet(app).release();
    if (active == null) {
      throw ProviderException.conflict("run %s: app %s has no running release (expected: a deployed app; run convox deploy first)".formatted(service, app));
    }
    if (release != null && !release.isBlank() && !release.equals(active)) {
      throw ProviderException.badRequest("run: release %s (expected: %s, the running release: one-off processes run in it here)".formatted(release, active));
    }
    if (serviceList(app).stream().noneMatch(s -> s.name().equals(service))) {
      throw ProviderException.notFound("no such service: " + service + " (app " + app + ")");
    }
    try {
      ProcessInfo p = runtime.run(app, service, command == null || command.isBlank() ? null : command);
      logs.line(app, "system/rack", "%s/%s started: %s".formatted(service, p.id(), p.command()));
      return p;
    } catch (UnsupportedOperationException e) {
      throw ProviderException.badRequest("run: " + e.getMessage());
    } catch (io.jrack.runtime.RuntimeFailure e) {
      throw ProviderException.conflict("run: " + e.getMessage());
    }
  }

  @Override
  public int processExec(String app, String id, String command, boolean tty, java.io.InputStream in, java.io.OutputStream out) {
    appGet(app);
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

  // ---- resources

  @Override
  public List<ResourceInfo> resourceList(String app) {
    App a = appGet(app);
    Release r = a.release() != null ? releaseGet(app, a.release()) : null;
    if (r == null || r.manifest() == null) {
      return List.of();
    }
    return parse(r.manifest(), r.env(), false).manifest()
        .map(m -> resources.list(app, m, r.env())).orElse(List.of());
  }

  @Override
  public ResourceInfo resourceGet(String app, String name) {
    return resourceList(app).stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> ProviderException.notFound("no such resource: " + name + " (app " + app + ")"));
  }

  // ---- environment

  @Override
  public Map<String, String> envGet(String app) {
    appGet(app);
    return store.latestRelease(app).map(r -> (Map<String, String>) new TreeMap<>(r.env())).orElse(new TreeMap<>());
  }

  @Override
  public Release envSet(String app, Map<String, String> values, boolean replace) {
    appGet(app);
    checkEnv(values);
    return locks.run(app, () -> {
      Release latest = store.latestRelease(app).orElse(null);
      Map<String, String> env = new LinkedHashMap<>(replace || latest == null ? Map.of() : latest.env());
      env.putAll(values);
      String description = (replace ? "env replace:" : "env add:") + String.join(",", new TreeMap<>(values).keySet());
      return newEnvRelease(app, latest, env, description);
    });
  }

  @Override
  public Release envUnset(String app, List<String> keys) {
    appGet(app);
    return locks.run(app, () -> {
      Release latest = store.latestRelease(app).orElse(null);
      Map<String, String> env = new LinkedHashMap<>(latest == null ? Map.of() : latest.env());
      List<String> missing = keys.stream().filter(k -> !env.containsKey(k)).toList();
      if (!missing.isEmpty()) {
        throw ProviderException.notFound("env not found: " + String.join(", ", missing));
      }
      keys.forEach(env::remove);
      return newEnvRelease(app, latest, env, "env remove:" + String.join(",", keys));
    });
  }

  private Release newEnvRelease(String app, Release latest, Map<String, String> env, String description) {
    Release r = new Release(Ids.release(), app, latest == null ? null : latest.build(), env,
        latest == null ? null : latest.manifest(), clock.instant(), "created", description);
    store.putRelease(r);
    logs.line(app, "system/rack", "release " + r.id() + " created: " + description);
    return r;
  }

  /** Refuses names and values no process environment can hold, before they reach a release. */
  private static void checkEnv(Map<String, String> env) {
    for (Map.Entry<String, String> e : env.entrySet()) {
      EnvRules.nameProblem(e.getKey()).or(() -> EnvRules.valueProblem(e.getKey(), e.getValue() == null ? "" : e.getValue()))
          .ifPresent(problem -> {
            throw ProviderException.badRequest(problem);
          });
    }
  }

  // ---- system

  @Override
  public SystemInfo systemGet() {
    Map<String, String> p = paramsGet();
    Map<String, String> outputs = routing == null ? Map.of() : Map.of("RouterUnexpectedErrors", Long.toString(routing.unexpectedErrors()));
    return new SystemInfo(config.name(), runtime.name(), p.get("RouterHost"), "running", config.version(), p, outputs);
  }

  @Override
  public java.net.InetSocketAddress proxyTarget(String host, int port) {
    return proxyTargets.resolve(host, port);
  }

  @Override
  public List<io.jrack.rack.InstanceInfo> instanceList() {
    return system.instances();
  }

  @Override
  public List<ProcessInfo> systemProcesses() {
    return system.processes();
  }

  @Override
  public List<Release> systemReleases() {
    return system.releases();
  }

  @Override
  public Map<String, String> paramsGet() {
    Map<String, String> out = params.defaults();
    out.putAll(store.params());
    return out;
  }

  @Override
  public void paramsSet(Map<String, String> values) {
    if (values.isEmpty()) {
      throw ProviderException.badRequest("no parameters given (expected: Key=Value ...)");
    }
    params.validate(values);
    if ("No".equals(values.get("Internal"))) {
      for (App a : store.apps()) {
        if (a.release() != null && promoter.hasInternal(a.name(), releaseGet(a.name(), a.release()))) {
          throw ProviderException.badRequest("app %s has internal services: Internal must stay Yes while it runs them".formatted(a.name()));
        }
      }
    }
    store.putParams(values);
    paramsListener.accept(paramsGet());
  }

  private volatile Consumer<Map<String, String>> paramsListener = p -> {};

  /** Called with all parameters now and after every change (the router applies its limits this way). */
  public void onParams(Consumer<Map<String, String>> listener) {
    this.paramsListener = listener;
    listener.accept(paramsGet());
  }

  // ---- certificates

  /** From now on {@code ca} makes the certificates {@code convox certs generate} asks for, and {@code router} serves every certificate. */
  public void serveCertificates(io.jrack.tls.CertificateAuthority ca, Consumer<List<io.jrack.tls.KeyedCertificate>> router) {
    certificates.serve(ca, router);
  }

  @Override
  public List<io.jrack.rack.CertificateInfo> certificateList() {
    return certificates.list();
  }

  @Override
  public io.jrack.rack.CertificateInfo certificateCreate(String pub, String key, String chain) {
    return certificates.create(pub, key, chain);
  }

  @Override
  public io.jrack.rack.CertificateInfo certificateGenerate(List<String> domains) {
    return certificates.generate(domains);
  }

  @Override
  public void certificateDelete(String id) {
    certificates.delete(id);
  }

  @Override
  public void certificateApply(String app, String service, int port, String id) {
    appGet(app);
    certificates.apply(app, service, port, id);
  }

  @Override
  public Map<String, String> certificatesApplied(String app) {
    return certificates.applied(app);
  }

  @Override
  public String systemCertificate() {
    try {
      return Files.readString(config.dir().resolve("tls").resolve("ca.pem"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "the rack has no certificate authority yet");
    }
  }

  // ---- logs

  @Override
  public void logs(String app, LogOptions options, Consumer<String> sink) {
    appGet(app);
    try {
      logs.stream(app, options, sink);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ParseResult parse(String manifest, Map<String, String> env, boolean requireEnv) {
    return ManifestParser.builder().env(env).checkRequiredEnv(requireEnv).build().parseText(manifest);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Leftover files of a deleted app are harmless; the store no longer knows the app.
    }
  }

  @Override
  public void close() {
    health.close();
    restorer.close();
    runtime.close();
  }
}
