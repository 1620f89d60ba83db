package io.jrack.runtime.resource;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.files.SafePaths;
import io.jrack.manifest.Resource;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.ResourceState;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.resource.ServerRecipe.Installation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every app's resource servers on this machine, each kept in {@code <root>/<app>/<resource>.<kind>}.
 * A provision starts what is missing and keeps what already runs with the same address and
 * password; servers an app no longer declares stop once its new release runs (their data stays
 * until the app is deleted).
 */
public final class ResourceServers implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResourceServers.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final List<ServerRecipe> RECIPES = List.of(PostgresRecipe.fromEnvironment(), new RedisRecipe(), new MariadbRecipe(), new MemcachedRecipe());

  private final Path root;
  private final LogSink logs;
  private final PidFiles pidFiles;
  private final Map<String, Map<String, ResourceServer>> apps = new ConcurrentHashMap<>();
  private final Map<ServerRecipe, Installation> installations = new ConcurrentHashMap<>();

  public ResourceServers(Path root, LogSink logs, PidFiles pidFiles) {
    this.root = root;
    this.logs = logs;
    this.pidFiles = pidFiles;
  }

  /** The recipe for a resource type, if this rack runs servers of that type ({@code efs} is a volume, not a server). */
  static Optional<ServerRecipe> recipe(String type) {
    return RECIPES.stream().filter(r -> r.types().contains(type)).findFirst();
  }

  /** The names of {@code resources} this rack runs a server for: assigned, and of a kind it knows. */
  public static List<String> served(List<Resource> resources, Map<String, ResourceEndpoint> assigned) {
    return resources.stream().filter(r -> assigned.containsKey(r.name()) && recipe(r.type()).isPresent()).map(Resource::name).toList();
  }

  /**
   * Makes each resource in {@code assigned} run on its assigned port with its credentials. Throws
   * with every server that would not start, after stopping the ones this call started, so a failed
   * deploy leaves what ran before.
   */
  public synchronized Map<String, ResourceEndpoint> provision(String app, List<Resource> resources, Map<String, ResourceEndpoint> assigned) throws RuntimeFailure {
    Map<String, ResourceServer> current = apps.computeIfAbsent(app, a -> new ConcurrentHashMap<>());
    Map<String, ResourceServer> started = new LinkedHashMap<>();
    Map<String, ResourceEndpoint> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Resource r : resources) {
      ResourceEndpoint endpoint = assigned.get(r.name());
      Optional<ServerRecipe> recipe = recipe(r.type());
      if (endpoint == null || recipe.isEmpty()) {
        continue;
      }
      ResourceServer running = current.get(r.name());
      // The endpoint carries the scheme, so an equal one is the same kind of server too.
      if (running != null && running.endpoint().equals(endpoint)) {
        out.put(r.name(), endpoint);
        continue;
      }
      try {
        Installation install = installation(recipe.get());
        warnAboutOptions(app, r, install);
        // Per server kind: a resource changed from postgres to redis must not meet the old data.
        Path dir = SafePaths.under(root, app, r.name() + "." + endpoint.scheme());
        Files.createDirectories(dir);
        if (recipe.get().keepsData() && !Files.isDirectory(dir.resolve("data"))) {
          long t0 = System.nanoTime();
          recipe.get().initialise(install, dir, endpoint, shared());
          logs.line(app, "system/rack", "resource %s: %s %s data directory created in %d ms"
              .formatted(r.name(), r.type(), install.version(), (System.nanoTime() - t0) / 1_000_000));
        }
        ResourceServer server = new ResourceServer(app, r.name(), recipe.get(), install, dir, endpoint, logs, pidFiles);
        started.put(r.name(), server);
        out.put(r.name(), endpoint);
      } catch (IOException e) {
        problems.add("resource " + r.name() + ": " + e.getMessage());
      } catch (RuntimeFailure e) {
        problems.add("resource " + r.name() + ": " + e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(startAll(app, started, current));
    }
    if (!problems.isEmpty()) {
      started.values().forEach(ResourceServer::stop);
      throw new RuntimeFailure(String.join("\n", problems));
    }
    current.putAll(started);
    return out;
  }

  /**
   * Stops the app's servers not in {@code names}, keeping their data: called once a release that
   * no longer declares them (or gets their URL from its env) runs, so a failed deploy leaves the
   * previous release its databases.
   */
  public synchronized void retainOnly(String app, java.util.Set<String> names) {
    Map<String, ResourceServer> current = apps.getOrDefault(app, Map.of());
    for (String name : List.copyOf(current.keySet())) {
      if (!names.contains(name)) {
        current.remove(name).stop();
      }
    }
  }

  /**
   * Prepares each kind whose programs are on this machine (PostgreSQL's template cluster), in a
   * thread of its own: a deploy that needs it meanwhile waits for it rather than making another. A
   * failure here is only logged; the deploy that needs the server tries again and reports it.
   */
  public void prepareInBackground() {
    Thread.ofVirtual().name("resource-prepare").start(() -> {
      for (ServerRecipe recipe : RECIPES) {
        long t0 = System.nanoTime();
        try {
          if (recipe.prepare(root.resolve(".bin"), shared())) {
            LOG.info("resources of type {} prepared in {} ms", recipe.types().get(0), (System.nanoTime() - t0) / 1_000_000);
          }
        } catch (RuntimeFailure | RuntimeException e) {
          LOG.warn("could not prepare resources of type {} ahead of a deploy: {}", recipe.types().get(0), e.getMessage());
        }
      }
    });
  }

  /** What the app's resources share; ".shared" cannot clash with an app, whose names start with a letter. */
  private Path shared() {
    return root.resolve(".shared");
  }

  /** Starts the new servers (a replaced one stops first: both would want the same data directory). */
  private List<String> startAll(String app, Map<String, ResourceServer> started, Map<String, ResourceServer> current) {
    List<String> problems = new ArrayList<>();
    started.forEach((name, server) -> {
      ResourceServer old = current.remove(name);
      if (old != null) {
        old.stop();
      }
      server.start();
    });
    for (ResourceServer server : started.values()) {
      try {
        String problem = server.awaitReady(READY_TIMEOUT);
        if (problem != null) {
          problems.add(problem);
        } else {
          logs.line(app, "system/rack", "resource %s: %s %s ready on 127.0.0.1:%d in %d ms".formatted(server.name(), server.type(),
              server.version(), server.endpoint().port(), server.millisToReady()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add("interrupted while starting resources");
        break;
      }
    }
    return problems;
  }

  private Installation installation(ServerRecipe recipe) throws RuntimeFailure {
    Installation found = installations.get(recipe);
    if (found == null) {
      // ".bin" cannot clash with an app: app names start with a letter.
      found = recipe.find(root.resolve(".bin"));
      installations.put(recipe, found);
    }
    return found;
  }

  /** The rack runs the installed server: a different requested major version is said, not refused. */
  private void warnAboutOptions(String app, Resource r, Installation install) {
    String wanted = r.options().get("version");
    if (wanted != null && !wanted.isBlank() && !major(wanted).equals(major(install.version()))) {
      logs.line(app, "system/rack", "resource %s: version %s requested; this rack runs the installed %s %s"
          .formatted(r.name(), wanted, r.type(), install.version()));
    }
    for (String option : r.options().keySet()) {
      if (!option.equals("version")) {
        logs.line(app, "system/rack", "resource %s: option %s does not apply to a server on this machine and is ignored"
            .formatted(r.name(), option));
      }
    }
  }

  private static String major(String version) {
    String v = version.strip().toLowerCase(Locale.ROOT);
    int dot = v.indexOf('.');
    return dot < 0 ? v : v.substring(0, dot);
  }

  public List<ResourceState> states(String app) {
    List<ResourceState> out = new ArrayList<>();
    apps.getOrDefault(app, Map.of()).forEach((name, s) -> out.add(new ResourceState(name,
        s.status().name().toLowerCase(Locale.ROOT), s.version(), s.restarts(), s.started())));
    out.sort(java.util.Comparator.comparing(ResourceState::name));
    return out;
  }

  /** Kills one resource's server as a crash would (for tests and {@code convox ps stop}); it is restarted. */
  public boolean kill(String app, String name) {
    ResourceServer s = apps.getOrDefault(app, Map.of()).get(name);
    if (s == null) {
      return false;
    }
    s.kill();
    return true;
  }

  /** Stops the app's servers and deletes their data: the app is being deleted. */
  public synchronized void remove(String app) {
    Map<String, ResourceServer> servers = apps.remove(app);
    if (servers != null) {
      servers.values().forEach(ResourceServer::stop);
    }
    try {
      Scratch.clear(SafePaths.under(root, app));
    } catch (IOException e) {
      logs.line(app, "system/rack", "could not delete resource data in " + root.resolve(app) + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    io.jrack.runtime.os.StopAll.of(apps.values().stream().flatMap(m -> m.values().stream()).toList(), ResourceServer::stop);
    apps.clear();
  }
}
