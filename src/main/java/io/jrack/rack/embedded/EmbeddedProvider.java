package io.jrack.rack.embedded;

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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The embedded rack's {@link Provider}. Changes to one app (builds, env, promotes) are serialized
 * by a per-app lock, so concurrent {@code env set} calls each see the previous one's release.
 */
public final class EmbeddedProvider implements Provider, AutoCloseable {
  static final Pattern APP_NAME = Pattern.compile("^[a-z][a-z0-9-]{0,29}$");
  private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.]*$");

  private final RackConfig config;
  private final Store store;
  private final AppRuntime runtime;
  private final Clock clock;
  private final RackParams params;
  private final AppLocks locks = new AppLocks();
  final LogHub logs;
  final EndpointAllocator endpoints;
  private final Promoter promoter;
  private final ResourceCatalog resources;

  public EmbeddedProvider(RackConfig config, Store store, AppRuntime runtime, Clock clock) {
    this.config = config;
    this.store = store;
    this.runtime = runtime;
    this.clock = clock;
    this.params = new RackParams(config.name());
    this.logs = new LogHub(config.dir().resolve("logs"), clock);
    this.endpoints = new EndpointAllocator(store, config.endpointPortFirst(), config.endpointPortLast());
    this.promoter = new Promoter(this, store, runtime, endpoints, logs);
    this.resources = new ResourceCatalog(store, runtime);
  }

  /** Where runtimes send process output: the app logs that {@code convox logs} reads. */
  public io.jrack.runtime.LogSink logSink() {
    return logs;
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
    return store.apps();
  }

  @Override
  public App appCreate(String name) {
    if (name == null || !APP_NAME.matcher(name).matches()) {
      throw ProviderException.badRequest("invalid app name: \"%s\" (expected: a lowercase letter, then lowercase letters, digits or dashes, at most 30)".formatted(name));
    }
    App app = new App(name, "running", null, clock.instant());
    try {
      store.insertApp(app);
    } catch (StoreException e) {
      if (e.conflict()) {
        throw ProviderException.conflict("app already exists: " + name);
      }
      throw e;
    }
    logs.line(name, "system/rack", "app created");
    return app;
  }

  @Override
  public App appGet(String name) {
    return store.app(name).orElseThrow(() -> ProviderException.notFound("no such app: " + name));
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
      store.deleteApp(name);
      deleteTree(config.appDir(name));
      logs.delete(name);
      return null;
    });
  }

  /**
   * After a (re)start: resolves deploys a dead rack left half done (the previous release stays),
   * then runs every app's active release again. Returns one line per app for the rack's log.
   */
  public List<String> recover() {
    List<String> report = new ArrayList<>();
    for (App app : store.apps()) {
      locks.run(app.name(), () -> promoter.resolveInterrupted(app.name()))
          .forEach(r -> report.add(app.name() + ": release " + r.id() + " was interrupted mid-deploy and marked failed"));
      if (app.release() == null) {
        continue;
      }
      try {
        releasePromote(app.name(), app.release());
        report.add(app.name() + ": restored release " + app.release());
      } catch (ProviderException e) {
        report.add(app.name() + ": could not restore release " + app.release() + ": " + e.getMessage());
      }
    }
    return report;
  }

  // ---- builds

  @Override
  public Build buildCreate(String app, InputStream source, String description) {
    appGet(app);
    return locks.run(app, () -> new Builder(this, store, runtime, logs).build(app, source, description));
  }

  @Override
  public Build buildGet(String app, String id) {
    appGet(app);
    return store.build(app, id).orElseThrow(() -> ProviderException.notFound("no such build: " + id));
  }

  @Override
  public List<Build> buildList(String app) {
    appGet(app);
    return store.builds(app);
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
      checkEnvNames(env.keySet());
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
    return locks.run(app, () -> promoter.promote(app, releaseGet(app, id)));
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
  public int processExec(String app, String id, String command, java.io.InputStream in, java.io.OutputStream out) {
    appGet(app);
    try {
      return runtime.exec(app, id, command, in, out).orElseThrow(() -> ProviderException.notFound("no such process: " + id));
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
    checkEnvNames(values.keySet());
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

  private static void checkEnvNames(java.util.Collection<String> keys) {
    for (String k : keys) {
      if (k == null || !ENV_NAME.matcher(k).matches()) {
        throw ProviderException.badRequest("invalid env name: \"%s\" (expected: letters, digits and _, not starting with a digit)".formatted(k));
      }
    }
  }

  // ---- system

  @Override
  public SystemInfo systemGet() {
    Map<String, String> p = paramsGet();
    return new SystemInfo(config.name(), runtime.name(), p.get("RouterHost"), "running", config.version(), p);
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
    BlockingQueue<String> queue = new LinkedBlockingQueue<>(10_000);
    Runnable unfollow = options.follow() ? logs.follow(app, queue::offer) : () -> {};
    try {
      logs.history(app, options.since()).forEach(sink);
      while (options.follow()) {
        sink.accept(queue.take());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      unfollow.run();
    }
  }

  String readManifest(Path buildDir) throws IOException {
    try {
      return Files.readString(buildDir.resolve("convox.yml"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
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
    runtime.close();
  }
}
