package io.jrack.runtime.container;

import io.jrack.rack.ProcessInfo;
import io.jrack.runtime.CommandLines;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.runtime.os.StopAll;
import io.jrack.runtime.process.ProcessIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-off containers of a service ({@code convox run}): its release's image, environment, network
 * and volumes, running the given command line ({@code sh -c}, the image's ENTRYPOINT set aside) or
 * the service's own command. Listed with the app's processes while they run, their output in the
 * app log; never restarted. When one ends the rack logs its exit code and removes it.
 */
final class OneOffContainers {
  /** One that runs: its process id, its container, what it runs. */
  record Run(String id, String container, ContainerSlot.Spec spec, String command, Instant started) {
    ProcessInfo info(String host) {
      return new ProcessInfo(id, spec.app(), spec.service(), "running", spec.release(), started, command, host, spec.port());
    }
  }

  private final ContainerEngine engine;
  private final LogSink logs;
  private final Clock clock;
  /** Per app, its one-offs by process id. */
  private final Map<String, Map<String, Run>> runs = new ConcurrentHashMap<>();

  OneOffContainers(ContainerEngine engine, LogSink logs, Clock clock) {
    this.engine = engine;
    this.logs = logs;
    this.clock = clock;
  }

  /** Starts {@code command} (null: the service's command) in a new container of {@code spec}'s release. */
  Run start(ContainerSlot.Spec spec, String command) throws RuntimeFailure {
    String id = ProcessIds.run(spec.service());
    Map<String, String> env = new HashMap<>(spec.env());
    if (spec.port() > 0) {
      env.put("PORT", Integer.toString(spec.port()));
    }
    Map<String, String> labels = new HashMap<>(spec.labels());
    labels.put(ContainerRuntime.LABEL_PROCESS, id);
    List<String> argv = command == null ? spec.command() : List.of("sh", "-c", command);
    List<String> entrypoint = command == null ? null : List.of();
    String container;
    try {
      container = engine.run(new ContainerEngine.RunSpec(spec.namePrefix() + "-" + id, spec.image(), argv, env, spec.network(),
          labels, spec.cpus(), spec.memoryMb(), spec.mounts(), spec.dns(), entrypoint));
    } catch (EngineException e) {
      throw new RuntimeFailure("could not start a container of " + spec.image() + ": " + e.getMessage());
    }
    String shown = command != null ? command : argv.isEmpty() ? spec.image() : CommandLines.display(argv);
    Run run = new Run(id, container, spec, shown, clock.instant());
    runs.computeIfAbsent(spec.app(), a -> new ConcurrentHashMap<>()).put(id, run);
    Thread.ofVirtual().name("run-" + id).start(() -> watch(run));
    return run;
  }

  /** Its output into the app log until it ends; then how it ended, and it is removed. */
  private void watch(Run run) {
    String app = run.spec().app();
    String source = run.spec().service() + "/" + run.id();
    try {
      engine.follow(run.container(), line -> logs.line(app, source, line)).await();
      String code = engine.exitCode(run.container()).map(String::valueOf).orElse("?");
      logs.line(app, "system/rack", "%s exited with code %s".formatted(source, code));
    } catch (EngineException e) {
      logs.line(app, "system/rack", "%s: its end is unknown: %s".formatted(source, e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      engine.remove(run.container());
      forget(run);
    }
  }

  private void forget(Run run) {
    Map<String, Run> ofApp = runs.get(run.spec().app());
    if (ofApp != null) {
      ofApp.remove(run.id());
    }
  }

  Optional<Run> get(String app, String id) {
    return Optional.ofNullable(runs.getOrDefault(app, Map.of()).get(id));
  }

  List<Run> of(String app) {
    return new ArrayList<>(runs.getOrDefault(app, Map.of()).values());
  }

  /** SIGTERM, SIGKILL after the service's termination grace; gone from the list at once. */
  void stop(Run run) {
    forget(run);
    engine.stop(run.container(), Duration.ofSeconds(run.spec().terminationGrace()));
    engine.remove(run.container());
  }

  /** Stops every one-off of the app, all at once. */
  void stopAll(String app) {
    Map<String, Run> ofApp = runs.remove(app);
    if (ofApp != null) {
      StopAll.of(List.copyOf(ofApp.values()), this::stop);
    }
  }

  void close() {
    List.copyOf(runs.keySet()).forEach(this::stopAll);
  }
}
