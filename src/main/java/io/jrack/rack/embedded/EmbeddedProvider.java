package io.jrack.rack.embedded;

import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.CertificateInfo;
import io.jrack.rack.InstanceInfo;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Provider;
import io.jrack.rack.Release;
import io.jrack.rack.ResourceInfo;
import io.jrack.rack.ServiceInfo;
import io.jrack.rack.SystemInfo;
import io.jrack.rack.UploadLimits;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.Routing;
import io.jrack.store.Store;
import io.jrack.tls.CertificateAuthority;
import io.jrack.tls.KeyedCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The embedded rack's {@link Provider}: a facade that wires the collaborators, each of one concern
 * (apps, builds, releases, environment, processes, resources, parameters, certificates, the rack
 * itself), and hands every call to one of them. Changes to one app (builds, env, promotes) are
 * serialized by a per-app lock shared by all, so concurrent {@code env set} calls each see the
 * previous one's release. It is longer than most files because {@link Provider} has some forty
 * methods; each here is one line that delegates.
 */
public final class EmbeddedProvider implements Provider, AutoCloseable {
  private final Store store;
  private final AppRuntime runtime;
  private final AppLocks locks = new AppLocks();
  final LogHub logs;
  final EndpointAllocator endpoints;
  private final Promoter promoter;
  private final UploadBuffer uploads;
  private final BuildHistory buildHistory;
  private final Restorer restorer;
  private final AppHealth health;
  private final Apps apps;
  private final Builds builds;
  private final Releases releases;
  private final Environments environments;
  private final Processes processes;
  private final ResourceCatalog resources;
  private final StoredParams params;
  private final RackSystem system;
  private final ProxyTargets proxyTargets;
  private final RouterCertificates certificates;

  /** {@code logs}: where {@code runtime} writes what processes print, built before both so that neither needs the other. */
  public EmbeddedProvider(RackConfig config, Store store, AppRuntime runtime, LogHub logs, Clock clock) {
    this(config, store, runtime, logs, clock, null);
  }

  /** {@code routing}: the router that serves the apps' TCP balancers, whose ports {@code convox services} shows; null when none does. */
  public EmbeddedProvider(RackConfig config, Store store, AppRuntime runtime, LogHub logs, Clock clock, Routing routing) {
    this.store = store;
    this.runtime = runtime;
    this.logs = logs;
    this.endpoints = new EndpointAllocator(store, config.dir().toAbsolutePath().normalize().toString(), config.endpointPortFirst(), config.endpointPortLast());
    ScaleOverrides scales = new ScaleOverrides(config::appDir);
    this.promoter = new Promoter(config, this::paramsGet, store, runtime, endpoints, logs, scales, routing);
    Scaler scaler = new Scaler(store, runtime, scales, logs, promoter::promote);
    this.resources = new ResourceCatalog(store, runtime);
    this.uploads = new UploadBuffer(config.dir().resolve("uploads"), clock);
    this.buildHistory = new BuildHistory(store, config, clock);
    HostClaims hosts = new HostClaims(store, () -> paramsGet().get("RouterHost"));
    // As it ran before the restart: a domain two apps claimed before claims were checked stays as it was.
    this.health = new AppHealth(store, runtime, locks, logs);
    this.apps = new Apps(config, store, runtime, clock, locks, hosts, health, logs, endpoints);
    this.builds = new Builds(apps, this::paramsGet, uploads, locks, buildHistory, store, runtime, logs,
        () -> new Builder(store, runtime, logs, endpoints, config, clock));
    this.releases = new Releases(apps, builds, store, locks, hosts, promoter, logs, clock);
    this.environments = new Environments(apps, store, locks, logs, clock);
    this.processes = new Processes(apps, releases, store, runtime, locks, promoter, scaler, logs);
    this.params = new StoredParams(new RackParams(config.name(), config.paramDefaults()), store, promoter, releases);
    this.restorer = new Restorer(store, locks, logs, (app, id) -> locks.run(app, () -> promoter.promote(app, releases.get(app, id))), health::degraded);
    health.start();
    this.proxyTargets = new ProxyTargets(store, endpoints, config.name());
    this.certificates = new RouterCertificates(store, clock, config.httpsPort(), this::serviceList);
    this.system = new RackSystem(config, () -> store.apps().stream().mapToInt(a -> runtime.processes(a.name()).size()).sum(), runtime::name,
        this::paramsGet, routing);
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

  // ---- apps

  @Override
  public List<App> appList() {
    return apps.list();
  }

  @Override
  public App appCreate(String name) {
    return apps.create(name);
  }

  @Override
  public App appGet(String name) {
    return apps.get(name);
  }

  @Override
  public void appDelete(String name, boolean deleteResources) {
    apps.delete(name, deleteResources);
  }

  // ---- builds

  @Override
  public Build buildCreate(String app, InputStream source, String description) {
    return buildCreate(app, source, description, -1);
  }

  @Override
  public Build buildCreate(String app, InputStream source, String description, long declaredBytes) {
    return builds.create(app, source, description, declaredBytes);
  }

  @Override
  public UploadLimits uploadLimits() {
    return builds.uploadLimits();
  }

  @Override
  public Build buildGet(String app, String id) {
    return builds.get(app, id);
  }

  @Override
  public List<Build> buildList(String app, int limit) {
    return builds.list(app, limit);
  }

  // ---- releases

  @Override
  public Release releaseCreate(String app, String build, Map<String, String> env) {
    return releases.create(app, build, env);
  }

  @Override
  public Release releaseGet(String app, String id) {
    return releases.get(app, id);
  }

  @Override
  public List<Release> releaseList(String app) {
    return releases.list(app);
  }

  @Override
  public Release releasePromote(String app, String id) {
    return releases.promote(app, id);
  }

  // ---- services and processes

  @Override
  public List<ServiceInfo> serviceList(String app) {
    return processes.services(app);
  }

  @Override
  public void serviceUpdate(String app, String service, Integer count, Integer cpu, Integer memory) {
    processes.scale(app, service, count, cpu, memory);
  }

  @Override
  public List<ProcessInfo> processList(String app) {
    return processes.list(app);
  }

  @Override
  public void processStop(String app, String id) {
    processes.stop(app, id);
  }

  @Override
  public ProcessInfo processStart(String app, String service, String command, String release) {
    return processes.start(app, service, command, release);
  }

  @Override
  public int processExec(String app, String id, String command, boolean tty, InputStream in, OutputStream out) {
    return processes.exec(app, id, command, tty, in, out);
  }

  // ---- resources

  @Override
  public List<ResourceInfo> resourceList(String app) {
    return resources.list(app, releases.active(app));
  }

  @Override
  public ResourceInfo resourceGet(String app, String name) {
    return resources.get(app, releases.active(app), name);
  }

  // ---- environment

  @Override
  public Map<String, String> envGet(String app) {
    return environments.get(app);
  }

  @Override
  public Release envSet(String app, Map<String, String> values, boolean replace) {
    return environments.set(app, values, replace);
  }

  @Override
  public Release envUnset(String app, List<String> keys) {
    return environments.unset(app, keys);
  }

  // ---- system

  @Override
  public SystemInfo systemGet() {
    return system.info();
  }

  @Override
  public InetSocketAddress proxyTarget(String host, int port) {
    return proxyTargets.resolve(host, port);
  }

  @Override
  public List<InstanceInfo> instanceList() {
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
    return params.get();
  }

  @Override
  public void paramsSet(Map<String, String> values) {
    params.set(values);
  }

  /** Called with all parameters now and after every change (the router applies its limits this way). */
  public void onParams(Consumer<Map<String, String>> listener) {
    params.onChange(listener);
  }

  // ---- certificates

  /** From now on {@code ca} makes the certificates {@code convox certs generate} asks for, and {@code router} serves every certificate. */
  public void serveCertificates(CertificateAuthority ca, Consumer<List<KeyedCertificate>> router) {
    certificates.serve(ca, router);
  }

  @Override
  public List<CertificateInfo> certificateList() {
    return certificates.list();
  }

  @Override
  public CertificateInfo certificateCreate(String pub, String key, String chain) {
    return certificates.create(pub, key, chain);
  }

  @Override
  public CertificateInfo certificateGenerate(List<String> domains) {
    return certificates.generate(domains);
  }

  @Override
  public void certificateDelete(String id) {
    certificates.delete(id);
  }

  @Override
  public void certificateApply(String app, String service, int port, String id) {
    apps.get(app);
    certificates.apply(app, service, port, id);
  }

  @Override
  public Map<String, String> certificatesApplied(String app) {
    return certificates.applied(app);
  }

  @Override
  public String systemCertificate() {
    return system.certificate();
  }

  // ---- logs

  @Override
  public void logs(String app, LogOptions options, Consumer<String> sink) {
    apps.get(app);
    try {
      logs.stream(app, options, sink);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    health.close();
    restorer.close();
    runtime.close();
  }
}
