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
import io.jrack.runtime.rollout.InstanceGroup;
import io.jrack.runtime.rollout.RunningApps;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Function;
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
  /** Variables passed through from the rack's own environment, so commands like {@code java} resolve. */
  private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME", "USER", "SHELL");
  /** Beyond a service's health grace, what starting a process may take. */
  private static final Duration START_SLACK = Duration.ofSeconds(5);
  private final LogSink logs;
  private final Clock clock;
  private final PidFiles pidFiles;
  private final ResourceServers resources;
  private final RunningApps<Slot> apps;
  /** Per app, its one-off processes by id. */
  private final Map<String, Map<String, OneOff>> oneOffs = new ConcurrentHashMap<>();

  public ProcessRuntime(Path stateDir, Routing routing, LogSink logs, Clock clock) {
    this.logs = logs;
    this.clock = clock;
    this.pidFiles = new PidFiles(stateDir.resolve("pids"));
    this.resources = new ResourceServers(stateDir.resolve("resources"), logs, pidFiles);
    this.apps = new RunningApps<>(routing, resources, START_SLACK);
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

  /**
   * Refuses what this runtime cannot run as it is written: an image, a Dockerfile step it cannot
   * honour on this machine (each named with its line), a command whose program this machine lacks.
   */
  @Override
  public List<String> check(Manifest manifest, Path buildDir) {
    java.util.Set<String> problems = new java.util.LinkedHashSet<>();
    for (Service s : manifest.services()) {
      if (s.image() != null) {
        problems.add("service %s uses image: %s; the process runtime runs services from their source (build:), an image needs the container runtime (install podman) or the Kubernetes runtime".formatted(s.name(), s.image()));
        continue;
      }
      Path dir = CommandResolver.workDir(s, buildDir);
      if (!Files.isDirectory(dir)) {
        problems.add("service %s: build path %s is not a directory of the app".formatted(s.name(), s.build().path()));
        continue;
      }
      List<String> steps = CommandResolver.dockerfile(s, buildDir).map(d -> HostBuild.of(d, dir, HostBuild::onPath).problems()).orElse(List.of());
      problems.addAll(steps);
      Optional<List<String>> argv = CommandResolver.resolve(s, buildDir);
      if (argv.isEmpty()) {
        problems.add("service %s has nothing to run: set command: in convox.yml, or CMD/ENTRYPOINT in %s/%s".formatted(s.name(), s.build().path(), s.build().manifest()));
      } else if (steps.isEmpty()) {
        HostBuild.missingProgram(argv.get(), dir, HostBuild::onPath).ifPresent(program -> problems.add(
            "service %s: command %s: %s is not installed on this machine (the process runtime runs services on it); install it, or install podman"
                .formatted(s.name(), io.jrack.runtime.CommandLines.display(argv.get()), program)));
      }
    }
    return List.copyOf(problems);
  }

  @Override
  public Map<String, ResourceEndpoint> provision(String app, List<Resource> declared, Map<String, ResourceEndpoint> assigned) {
    apps.provision(app, declared, assigned);
    return assigned;
  }

  @Override
  public List<ResourceState> resourceStates(String app) {
    return resources.states(app);
  }

  /** Kills a resource's server as a crash would; its supervisor restarts it. */
  public boolean killResource(String app, String name) {
    return resources.kill(app, name);
  }

  /** Rolls the release out as processes; see {@link RunningApps#deploy}. */
  @Override
  public void deploy(AppRelease release, Path buildDir) throws RuntimeFailure {
    apps.deploy(release, changed -> plan(release, buildDir, changed));
  }

  /** Each service's processes, made and not started. */
  private Map<String, InstanceGroup<Slot>> plan(AppRelease release, Path buildDir, Function<String, Runnable> changed) throws RuntimeFailure {
    Map<String, InstanceGroup<Slot>> next = new LinkedHashMap<>();
    for (Service s : release.manifest().services()) {
      List<String> argv = CommandResolver.resolve(s, buildDir).orElseThrow(() -> new RuntimeFailure("service " + s.name() + " has nothing to run"));
      Map<String, String> env = new LinkedHashMap<>();
      for (String k : INHERITED) {
        Optional.ofNullable(System.getenv(k)).ifPresent(v -> env.put(k, v));
      }
      Path dir = CommandResolver.workDir(s, buildDir);
      CommandResolver.dockerfile(s, buildDir).ifPresent(d -> env.putAll(HostBuild.of(d, dir, HostBuild::onPath).env()));
      // After the Dockerfile's ENV: a process on this machine listens on loopback only, whatever its image would do.
      env.put("HOST", "127.0.0.1");
      env.putAll(release.environments().getOrDefault(s.name(), Map.of()));
      Slot.Spec spec = new Slot.Spec(release.app(), s.name(), release.release(), argv, CommandResolver.workDir(s, buildDir), env,
          s.hasPort(), HealthProtocol.of(s), s.health(), s.terminationGrace(), s.drain(), pidFiles);
      Runnable onChange = changed.apply(s.name());
      next.put(s.name(), new InstanceGroup<>(s.name(), s.drain(), InstanceGroup.wanted(s), () -> new Slot(spec, logs, clock, onChange)));
    }
    return next;
  }

  @Override
  public void remove(String app) {
    apps.remove(app);
    stopOneOffs(app);
  }

  private void stopOneOffs(String app) {
    Map<String, OneOff> runs = oneOffs.remove(app);
    if (runs != null) {
      stopRuns(runs.values());
    }
  }

  private static void stopRuns(java.util.Collection<OneOff> runs) {
    io.jrack.runtime.os.StopAll.of(runs, OneOff::stop);
  }

  @Override
  public ProcessInfo run(String app, String service, String command) throws RuntimeFailure {
    // A process of the running release gives the one-off its release, directory and environment.
    Slot.Spec spec = apps.active(app, service).flatMap(g -> g.instances().stream().findFirst()).map(Slot::spec)
        .orElseThrow(() -> new RuntimeFailure("service %s of app %s has no running process here (expected: a service of the running release, scaled above 0)".formatted(service, app)));
    Map<String, OneOff> runs = oneOffs.computeIfAbsent(app, a -> new ConcurrentHashMap<>());
    try {
      OneOff run = OneOff.start(spec, command, logs, clock);
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
    for (InstanceGroup<Slot> g : apps.groups(app)) {
      for (Slot s : g.instances()) {
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
        out.add(new ProcessInfo(s.id(), app, g.service(), status, s.spec().release(), s.started(),
            io.jrack.runtime.CommandLines.display(s.spec().argv()), "127.0.0.1", s.port()));
      }
    }
    oneOffs.getOrDefault(app, Map.of()).values().stream().filter(OneOff::alive).forEach(r -> out.add(r.info(app)));
    return out;
  }

  /** See {@link RunningApps#scale}; runs under the rack's lock of the app, as deploys do. */
  @Override
  public boolean scale(String app, String service, int count) throws RuntimeFailure {
    return apps.scale(app, service, count);
  }

  /** A one-off ends for good; a service's process is killed, and its slot starts another. */
  @Override
  public void stop(String app, String processId) {
    java.util.Optional<OneOff> run = oneOff(app, processId);
    if (run.isPresent()) {
      run.get().stop();
      // Gone from ps once stopped, not once its watcher has read the last of its output.
      oneOffs.getOrDefault(app, Map.of()).remove(processId);
      return;
    }
    apps.kill(app, processId);
  }

  @Override
  public java.util.OptionalInt exec(String app, String processId, String command, boolean tty, java.io.InputStream in, java.io.OutputStream out)
      throws java.io.IOException, InterruptedException {
    java.util.Optional<OneOff> run = oneOff(app, processId);
    if (run.isPresent()) {
      return java.util.OptionalInt.of(OneOffCommand.run(run.get().spec().workDir(), run.get().env(), command, in, out));
    }
    for (InstanceGroup<Slot> g : apps.groups(app)) {
      for (Slot s : g.instances()) {
        if (s.id().equals(processId)) {
          Map<String, String> env = new java.util.HashMap<>(s.spec().env());
          if (s.port() > 0) {
            env.put("PORT", Integer.toString(s.port()));
          }
          return java.util.OptionalInt.of(OneOffCommand.run(s.spec().workDir(), env, command, in, out));
        }
      }
    }
    return java.util.OptionalInt.empty();
  }

  @Override
  public void close() {
    List.copyOf(oneOffs.keySet()).forEach(this::stopOneOffs);
    // The services first, which may write to their databases as they shut down.
    apps.close();
  }
}
