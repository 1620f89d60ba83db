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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each app's active release as supervised processes. A deploy is rolling: the new release's
 * processes join the router as each turns healthy, beside the old ones; once all are healthy the
 * old ones leave the router and stop. If any new process fails, the new ones leave and stop, and
 * the old ones never stopped serving.
 */
public final class ProcessRuntime implements AppRuntime {
  private final Routing routing;
  private final LogSink logs;
  private final Clock clock;
  private final PidFiles pidFiles;
  private final ResourceServers resources;
  /** Per app, the resources being started for the release about to be deployed. */
  private final Map<String, Provisioning> provisioning = new ConcurrentHashMap<>();

  /** The resources a release needs (the app's others stop once it runs), and why starting them failed, or null. */
  private record Provisioning(java.util.Set<String> names, java.util.concurrent.CompletableFuture<String> outcome) {}
  private final Map<String, AppProcesses> apps = new ConcurrentHashMap<>();
  /** Per app, its one-off processes by id. */
  private final Map<String, Map<String, OneOff>> oneOffs = new ConcurrentHashMap<>();

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

  /**
   * Plans, rolls out and, on any failure (a process not healthy, a resource not starting, an
   * endpoint port taken, an interrupt), rolls back: then exactly the previous release serves, and
   * nothing of the new one runs, listens or stays registered.
   */
  @Override
  public void deploy(AppRelease release, Path buildDir) throws RuntimeFailure {
    String app = release.app();
    Provisioning pending = provisioning.remove(app);
    AppProcesses state = apps.computeIfAbsent(app, a -> new AppProcesses());
    Deployment deployment;
    try {
      deployment = Deployment.plan(release, buildDir, state, routing, this::announce, logs, clock, pidFiles);
    } catch (RuntimeFailure | RuntimeException e) {
      awaitResources(pending);
      forgetIfEmpty(app, state, pending);
      throw e instanceof RuntimeFailure f ? f : new RuntimeFailure("could not plan the release: " + Deployment.message(e));
    }
    String problem;
    try {
      problem = deployment.rollOut();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "deploy interrupted";
    } catch (RuntimeException e) {
      problem = "could not run the release: " + Deployment.message(e);
    }
    // A database that did not start explains a service that did not turn healthy: said first.
    String resourceProblem = awaitResources(pending);
    if (resourceProblem != null) {
      problem = problem == null ? resourceProblem : resourceProblem + "\n" + problem;
    }
    if (problem != null) {
      String left = deployment.rollBack();
      forgetIfEmpty(app, state, pending);
      throw new RuntimeFailure(left == null ? problem : problem + "\n" + left);
    }
    deployment.commit();
    if (pending != null) {
      state.resources = pending.names();
      resources.retainOnly(app, pending.names());
    }
  }

  /**
   * After a failed deploy: the resource servers started for it alone stop, and an app of which no
   * release ever ran is forgotten.
   */
  private void forgetIfEmpty(String app, AppProcesses state, Provisioning pending) {
    if (pending != null) {
      resources.retainOnly(app, state.resources);
    }
    if (state.empty()) {
      apps.remove(app, state);
    }
  }

  /**
   * Tells the router which processes of the service are healthy now. Computing and setting happen
   * under the app's lock: otherwise a slot thread's announce computed before a group left could
   * land after it and put stopped processes back in rotation.
   */
  private void announce(String app, String service) {
    AppProcesses state = apps.get(app);
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

  static void stopAll(Iterable<ServiceGroup> groups) {
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
    AppProcesses state = apps.remove(app);
    routing.unpublish(app);
    if (state != null) {
      stopAll(state.all());
    }
    stopOneOffs(app);
    resources.remove(app);
    provisioning.remove(app);
  }

  private void stopOneOffs(String app) {
    Map<String, OneOff> runs = oneOffs.remove(app);
    if (runs != null) {
      stopRuns(runs.values());
    }
  }

  private static void stopRuns(java.util.Collection<OneOff> runs) {
    List<Thread> stoppers = runs.stream().map(r -> Thread.ofVirtual().start(r::stop)).toList();
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public ProcessInfo run(String app, String service, String command) throws RuntimeFailure {
    AppProcesses state = apps.get(app);
    ServiceGroup group = state == null ? null : state.active.get(service);
    if (group == null) {
      throw new RuntimeFailure("service %s of app %s is not running here (expected: a service of the running release)".formatted(service, app));
    }
    Map<String, OneOff> runs = oneOffs.computeIfAbsent(app, a -> new ConcurrentHashMap<>());
    try {
      OneOff run = OneOff.start(group.spec(), command, logs, clock);
      runs.put(run.id(), run);
      run.watch(() -> runs.remove(run.id()));
      return run.info(app);
    } catch (java.io.IOException e) {
      throw new RuntimeFailure("could not start %s: %s".formatted(command == null ? "the command of " + service : command, e.getMessage()));
    }
  }

  private java.util.Optional<OneOff> oneOff(String app, String id) {
    return java.util.Optional.ofNullable(oneOffs.getOrDefault(app, Map.of()).get(id));
  }

  @Override
  public List<ProcessInfo> processes(String app) {
    List<ProcessInfo> out = new ArrayList<>();
    AppProcesses state = apps.get(app);
    for (ServiceGroup g : state == null ? List.<ServiceGroup>of() : state.all()) {
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
    oneOffs.getOrDefault(app, Map.of()).values().forEach(r -> out.add(r.info(app)));
    return out;
  }

  /**
   * Adds processes to the running group of the service, which join the router as each turns healthy,
   * or takes the last ones out of the router, lets their requests finish (the service's drain) and
   * stops them. Runs under the rack's lock of the app, as deploys do.
   */
  @Override
  public boolean scale(String app, String service, int count) throws RuntimeFailure {
    AppProcesses state = apps.get(app);
    ServiceGroup group = state == null ? null : state.active.get(service);
    if (group == null) {
      return false;
    }
    int now = group.size();
    if (count > now) {
      List<Slot> added = group.grow(count - now);
      String problem;
      try {
        problem = group.awaitHealthy(added, Deployment.deadline(group.spec().health()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problem = "scale interrupted";
      }
      if (problem != null) {
        shrink(group, added);
        throw new RuntimeFailure(problem);
      }
    } else if (count < now) {
      shrink(group, List.copyOf(group.slots().subList(count, now)));
    }
    return true;
  }

  /** Takes processes out of the router, lets their requests finish, then stops them. */
  private void shrink(ServiceGroup group, List<Slot> leaving) {
    group.remove(leaving);
    announce(group.spec().app(), group.spec().service());
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(group.spec().drain()).toNanos();
    leaving.forEach(s -> Deployment.drain(routing, s, deadline));
    List<Thread> stoppers = leaving.stream().map(s -> Thread.ofVirtual().start(s::stop)).toList();
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A one-off ends for good; a service's process is killed, and its slot starts another. */
  @Override
  public void stop(String app, String processId) {
    java.util.Optional<OneOff> run = oneOff(app, processId);
    if (run.isPresent()) {
      run.get().stop();
      return;
    }
    AppProcesses state = apps.get(app);
    if (state == null) {
      return;
    }
    for (ServiceGroup g : state.all()) {
      for (Slot s : g.slots()) {
        if (s.id().equals(processId)) {
          s.kill();
          return;
        }
      }
    }
  }

  @Override
  public java.util.OptionalInt exec(String app, String processId, String command, java.io.InputStream in, java.io.OutputStream out)
      throws java.io.IOException, InterruptedException {
    java.util.Optional<OneOff> run = oneOff(app, processId);
    if (run.isPresent()) {
      return java.util.OptionalInt.of(OneOffCommand.run(run.get().spec().workDir(), run.get().env(), command, in, out));
    }
    AppProcesses state = apps.get(app);
    if (state != null) {
      for (ServiceGroup g : state.all()) {
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
    return java.util.OptionalInt.empty();
  }

  @Override
  public void close() {
    List.copyOf(oneOffs.keySet()).forEach(this::stopOneOffs);
    for (String app : List.copyOf(apps.keySet())) {
      AppProcesses state = apps.remove(app);
      if (state != null) {
        stopAll(state.all());
      }
    }
    // After the services, which may write to their databases as they shut down.
    resources.close();
  }
}
