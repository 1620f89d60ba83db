package io.jrack.runtime.process;

import io.jrack.runtime.os.PidFiles;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.Service;
import io.jrack.rack.ProcessInfo;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.manifest.Resource;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.ResourceState;
import io.jrack.runtime.resource.ResourceServers;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.Routing;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.RuntimeFailure;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs each app's active release as supervised processes. A deploy is rolling: the new release's
 * processes join the router as each turns healthy, beside the old ones; once all are healthy the
 * old ones leave the router and stop. If any new process fails, the new ones leave and stop, and
 * the old ones never stopped serving.
 */
public final class ProcessRuntime implements AppRuntime {
  /** Variables passed through from the rack's own environment, so commands like {@code java} resolve. */
  private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME", "USER", "SHELL");

  private final Routing routing;
  private final LogSink logs;
  private final Clock clock;
  private final PidFiles pidFiles;
  private final ResourceServers resources;
  /** Per app, the resources being started for the release about to be deployed. */
  private final Map<String, Provisioning> provisioning = new ConcurrentHashMap<>();

  /** The resources a release needs (the app's others stop once it runs), and why starting them failed, or null. */
  private record Provisioning(java.util.Set<String> names, java.util.concurrent.CompletableFuture<String> outcome) {}
  private final Map<String, AppState> apps = new ConcurrentHashMap<>();

  /** What runs for one app: the active release's groups, its routes, and every group now serving. */
  private static final class AppState {
    Map<String, ServiceGroup> active = Map.of();
    List<Routing.Route> routes = null;
    final Map<String, List<ServiceGroup>> serving = new ConcurrentHashMap<>();
  }

  public ProcessRuntime(Path stateDir, Routing routing, LogSink logs, Clock clock) {
    this.routing = routing;
    this.logs = logs;
    this.clock = clock;
    this.pidFiles = new PidFiles(stateDir.resolve("pids"));
    this.resources = new ResourceServers(stateDir.resolve("resources"), logs, pidFiles);
    int reaped = pidFiles.reapOrphans();
    if (reaped > 0) {
      org.slf4j.LoggerFactory.getLogger(ProcessRuntime.class).info("stopped {} process(es) left by a previous rack", reaped);
    }
  }

  @Override
  public String name() {
    return "embedded";
  }

  /** Makes, in the background, what a first resource of each kind would otherwise make during a deploy. */
  public void prepareResources() {
    resources.prepareInBackground();
  }

  @Override
  public List<String> check(Manifest manifest, Path buildDir) {
    List<String> problems = new ArrayList<>();
    for (Service s : manifest.services()) {
      if (s.image() != null) {
        problems.add("service %s uses image: %s; the embedded rack runs services from source (build:), an image needs the Kubernetes runtime (convox rack start --runtime kubernetes)".formatted(s.name(), s.image()));
        continue;
      }
      Path dir = CommandResolver.workDir(s, buildDir);
      if (!Files.isDirectory(dir)) {
        problems.add("service %s: build path %s is not a directory of the app".formatted(s.name(), s.build().path()));
      } else if (CommandResolver.resolve(s, buildDir).isEmpty()) {
        problems.add("service %s has nothing to run: set command: in convox.yml, or CMD/ENTRYPOINT in %s/%s".formatted(s.name(), s.build().path(), s.build().manifest()));
      }
    }
    return problems;
  }

  @Override
  public Map<String, ResourceEndpoint> provision(String app, List<Resource> declared, Map<String, ResourceEndpoint> assigned) throws RuntimeFailure {
    // The servers start (and a new one sets up its data) while the services boot: deploy waits for
    // both and fails if either does. Their addresses are the assigned ones, known now.
    provisioning.put(app, new Provisioning(java.util.Set.copyOf(ResourceServers.served(declared, assigned)),
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            resources.provision(app, declared, assigned);
            return null;
          } catch (RuntimeFailure e) {
            return e.getMessage();
          }
        }, command -> Thread.ofVirtual().name("provision-" + app).start(command))));
    return assigned;
  }

  /** Waits for the resources a deploy asked for; returns why they failed, or null. */
  private static String awaitResources(Provisioning pending) {
    if (pending == null) {
      return null;
    }
    try {
      return pending.outcome().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "deploy interrupted while its resources started";
    } catch (java.util.concurrent.ExecutionException e) {
      return "resources: " + e.getCause();
    }
  }


  @Override
  public List<ResourceState> resourceStates(String app) {
    return resources.states(app);
  }

  /** Kills a resource's server as a crash would; its supervisor restarts it. */
  public boolean killResource(String app, String name) {
    return resources.kill(app, name);
  }

  @Override
  public void deploy(AppRelease release, Path buildDir) throws RuntimeFailure {
    String app = release.app();
    AppState state = apps.computeIfAbsent(app, a -> new AppState());
    Map<String, ServiceGroup> next = new LinkedHashMap<>();
    for (Service s : release.manifest().services()) {
      List<String> argv = CommandResolver.resolve(s, buildDir).orElseThrow(() -> new RuntimeFailure("service " + s.name() + " has nothing to run"));
      Map<String, String> env = new LinkedHashMap<>();
      for (String k : INHERITED) {
        Optional.ofNullable(System.getenv(k)).ifPresent(v -> env.put(k, v));
      }
      env.put("HOST", "127.0.0.1");
      env.putAll(release.environments().getOrDefault(s.name(), Map.of()));
      Slot.Spec spec = new Slot.Spec(app, s.name(), release.release(), argv, CommandResolver.workDir(s, buildDir), env,
          s.hasPort(), s.health(), s.terminationGrace(), s.drain(), pidFiles);
      next.put(s.name(), new ServiceGroup(spec, s.scale().count(), () -> announce(app, s.name()), logs, clock));
    }
    synchronized (state) {
      next.forEach((service, group) -> state.serving.computeIfAbsent(service, k -> new CopyOnWriteArrayList<>()).add(group));
    }
    // Routes first, so that services linking each other can reach one another while turning healthy.
    routing.publish(app, merged(state.routes, release.routes()));
    Map<String, ServiceGroup> previous = state.active;
    // A service whose deployment.maximum is under 200% replaces its processes in steps; the others
    // start their whole new set beside the old one.
    List<Service> stepped = release.manifest().services().stream()
        .filter(s -> previous.containsKey(s.name()) && s.deployment().maximum() < 200 && s.scale().count() > 0).toList();
    next.forEach((name, group) -> {
      if (stepped.stream().noneMatch(s -> s.name().equals(name))) {
        group.start();
      }
    });
    String problem = null;
    try {
      for (Service s : release.manifest().services()) {
        if (!stepped.contains(s)) {
          problem = next.get(s.name()).awaitHealthy(deadline(s));
          if (problem != null) {
            break;
          }
        }
      }
      for (Service s : stepped) {
        if (problem == null) {
          problem = step(state, app, s, previous.get(s.name()), next.get(s.name()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "deploy interrupted";
    }
    // A database that did not start explains a service that did not turn healthy: said first.
    Provisioning pending = provisioning.remove(app);
    String resourceProblem = awaitResources(pending);
    if (resourceProblem != null) {
      problem = problem == null ? resourceProblem : resourceProblem + "\n" + problem;
    }
    if (problem != null) {
      leave(state, app, next);
      restore(previous, stepped);
      if (state.routes == null) {
        routing.unpublish(app);
      } else {
        routing.publish(app, state.routes);
      }
      throw new RuntimeFailure(problem);
    }
    state.active = next;
    state.routes = release.routes();
    routing.publish(app, release.routes());
    leave(state, app, previous);
    if (pending != null) {
      resources.retainOnly(app, pending.names());
    }
  }

  private static Duration deadline(Service s) {
    return Duration.ofSeconds(s.health().grace() + 3L * s.health().interval() + 5);
  }

  /**
   * Replaces a service's processes within its deployment bounds: never more than {@code maximum}%
   * of the count running, never fewer than {@code minimum}% healthy when that can be kept (a
   * singleton's 0/100 stops the old process before starting the new one). Returns why it failed, or null.
   */
  private String step(AppState state, String app, Service s, ServiceGroup old, ServiceGroup neu) throws InterruptedException {
    int count = s.scale().count();
    int maxTotal = Math.max(count, count * s.deployment().maximum() / 100);
    int minHealthy = (int) Math.ceil(count * s.deployment().minimum() / 100.0);
    while (neu.startedCount() < count) {
      int room = maxTotal - (old.size() + neu.startedCount());
      if (room > 0 || old.size() == 0) {
        List<Slot> batch = neu.startNext(Math.max(1, Math.min(room, count - neu.startedCount())));
        String problem = neu.awaitHealthy(batch, deadline(s));
        if (problem != null) {
          return problem;
        }
        continue;
      }
      int healthy = old.healthy().size() + neu.healthy().size();
      int stop = Math.max(1, Math.min(old.size(), healthy - minHealthy));
      for (int i = 0; i < stop; i++) {
        Slot leaving = old.detach();
        announce(app, s.name());
        drain(leaving, System.nanoTime() + Duration.ofSeconds(s.drain()).toNanos());
        leaving.stop();
      }
    }
    return null;
  }

  /** After a failed stepped deploy: the old processes that were replaced start again. */
  private static void restore(Map<String, ServiceGroup> previous, List<Service> stepped) {
    for (Service s : stepped) {
      ServiceGroup old = previous.get(s.name());
      List<Slot> back = old.refill();
      try {
        old.awaitHealthy(back, deadline(s));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The union of two route lists, the newer winning per service, so a deploy never drops a live route early. */
  private static List<Routing.Route> merged(List<Routing.Route> old, List<Routing.Route> added) {
    Map<String, Routing.Route> out = new LinkedHashMap<>();
    if (old != null) {
      old.forEach(r -> out.put(r.service(), r));
    }
    added.forEach(r -> out.put(r.service(), r));
    return new ArrayList<>(out.values());
  }

  /**
   * Takes groups out of the router, lets the requests they are serving finish (up to each
   * service's {@code drain} seconds), then stops them.
   */
  private void leave(AppState state, String app, Map<String, ServiceGroup> groups) {
    groups.forEach((service, group) -> {
      synchronized (state) {
        List<ServiceGroup> serving = state.serving.get(service);
        if (serving != null) {
          serving.remove(group);
        }
      }
      announce(app, service);
    });
    for (ServiceGroup g : groups.values()) {
      drain(g);
    }
    stopAll(groups.values());
  }

  private void drain(ServiceGroup group) {
    long deadline = System.nanoTime() + Duration.ofSeconds(group.spec().drain()).toNanos();
    for (Slot s : group.slots()) {
      drain(s, deadline);
    }
  }

  /** Waits until the router has no request in flight to the slot, or the deadline. */
  private void drain(Slot s, long deadlineNanos) {
    if (s.port() == 0) {
      return;
    }
    while (routing.inFlight(s.address()) > 0 && System.nanoTime() < deadlineNanos) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Tells the router which processes of the service are healthy now. Computing and setting happen
   * under the app's lock: otherwise a slot thread's announce computed before a group left could
   * land after it and put stopped processes back in rotation.
   */
  private void announce(String app, String service) {
    AppState state = apps.get(app);
    if (state == null) {
      return;
    }
    synchronized (state) {
      List<InetSocketAddress> healthy = new ArrayList<>();
      for (ServiceGroup g : state.serving.getOrDefault(service, List.of())) {
        healthy.addAll(g.healthy());
      }
      routing.backends(app, service, healthy);
    }
  }

  private static void stopAll(Iterable<ServiceGroup> groups) {
    List<Thread> stoppers = new ArrayList<>();
    for (ServiceGroup g : groups) {
      stoppers.add(Thread.ofVirtual().start(g::stop));
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void remove(String app) {
    AppState state = apps.remove(app);
    routing.unpublish(app);
    if (state != null) {
      List<ServiceGroup> all = new ArrayList<>();
      state.serving.values().forEach(all::addAll);
      stopAll(all);
    }
    resources.remove(app);
    provisioning.remove(app);
  }

  @Override
  public List<ProcessInfo> processes(String app) {
    List<ProcessInfo> out = new ArrayList<>();
    AppState state = apps.get(app);
    if (state == null) {
      return out;
    }
    for (List<ServiceGroup> groups : state.serving.values()) {
      for (ServiceGroup g : groups) {
        for (Slot s : g.slots()) {
          if (!s.isStarted()) {
            continue;
          }
          String status = switch (s.status()) {
            case RUNNING -> s.exposed().isEmpty() ? "running" : "running (exposed on " + String.join(" ", s.exposed()) + ")";
            case STARTING -> "starting";
            case UNHEALTHY -> "unhealthy";
            case CRASHED -> "crashed (restarts: " + s.crashes() + ")";
            case STOPPED -> "stopped";
          };
          out.add(new ProcessInfo(s.id(), app, g.spec().service(), status, g.spec().release(), s.started(),
              io.jrack.runtime.CommandLines.display(g.spec().argv()), "127.0.0.1", s.port()));
        }
      }
    }
    return out;
  }

  @Override
  public void stop(String app, String processId) {
    AppState state = apps.get(app);
    if (state == null) {
      return;
    }
    for (List<ServiceGroup> groups : state.serving.values()) {
      for (ServiceGroup g : groups) {
        for (Slot s : g.slots()) {
          if (s.id().equals(processId)) {
            s.kill();
            return;
          }
        }
      }
    }
  }

  @Override
  public java.util.OptionalInt exec(String app, String processId, String command, java.io.InputStream in, java.io.OutputStream out)
      throws java.io.IOException, InterruptedException {
    AppState state = apps.get(app);
    if (state != null) {
      for (List<ServiceGroup> groups : state.serving.values()) {
        for (ServiceGroup g : groups) {
          for (Slot s : g.slots()) {
            if (s.id().equals(processId)) {
              Map<String, String> env = new java.util.HashMap<>(g.spec().env());
              if (s.port() > 0) {
                env.put("PORT", Integer.toString(s.port()));
              }
              return java.util.OptionalInt.of(OneOffCommand.run(g.spec().workDir(), env, command, in, out));
            }
          }
        }
      }
    }
    return java.util.OptionalInt.empty();
  }

  @Override
  public void close() {
    for (String app : List.copyOf(apps.keySet())) {
      AppState state = apps.remove(app);
      List<ServiceGroup> all = new ArrayList<>();
      state.serving.values().forEach(all::addAll);
      stopAll(all);
    }
    // After the services, which may write to their databases as they shut down.
    resources.close();
  }
}
