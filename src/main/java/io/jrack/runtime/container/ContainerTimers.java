package io.jrack.runtime.container;

import io.jrack.runtime.LogSink;
import io.jrack.runtime.process.ProcessIds;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps' {@code timers:}: each runs on its schedule (UTC, as on Convox) as a one-off container
 * of its service's image, with the service's environment and volumes, its output in the app's log
 * as {@code timer/<name>/<id>}, the container removed when it ends. A timer whose
 * {@code concurrency} is {@code forbid} does not start while its last run still runs.
 */
final class ContainerTimers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerTimers.class);

  /** One timer of an app's active release: what it runs and when. */
  record Job(String name, Schedule schedule, List<String> command, ContainerSlot.Spec service, boolean forbidOverlap) {}

  private final ContainerEngine engine;
  private final LogSink logs;
  private final Clock clock;
  private final Map<String, Thread> schedulers = new ConcurrentHashMap<>();
  /** Timers (app/name) with a run going on now. */
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  ContainerTimers(ContainerEngine engine, LogSink logs, Clock clock) {
    this.engine = engine;
    this.logs = logs;
    this.clock = clock;
  }

  /** Replaces the app's timers (none: stops scheduling them); runs already started finish. */
  void set(String app, List<Job> jobs) {
    Thread old = jobs.isEmpty() ? schedulers.remove(app) : schedulers.put(app, Thread.ofVirtual().name("timers-" + app).start(() -> schedule(app, jobs)));
    if (old != null) {
      old.interrupt();
    }
  }

  private void schedule(String app, List<Job> jobs) {
    while (!Thread.currentThread().isInterrupted()) {
      ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
      ZonedDateTime next = jobs.stream().map(j -> j.schedule().next(now)).min(ZonedDateTime::compareTo).orElseThrow();
      try {
        Thread.sleep(Duration.between(now, next).plusMillis(5));
      } catch (InterruptedException e) {
        return;
      }
      for (Job j : jobs) {
        if (j.schedule().matches(next)) {
          String key = app + "/" + j.name();
          if (j.forbidOverlap() && !running.add(key)) {
            logs.line(app, "system/rack", "timer " + j.name() + ": the last run still runs; this one is skipped (concurrency: forbid)");
            continue;
          }
          running.add(key);
          Thread.ofVirtual().name("timer-" + key).start(() -> {
            try {
              run(app, j);
            } finally {
              running.remove(key);
            }
          });
        }
      }
    }
  }

  /** One run, to its end. */
  private void run(String app, Job j) {
    String id = ProcessIds.next(j.name());
    String source = "timer/" + j.name() + "/" + id;
    ContainerSlot.Spec s = j.service();
    Map<String, String> labels = new HashMap<>(s.labels());
    labels.put(ContainerRuntime.LABEL_PROCESS, id);
    String container = null;
    try {
      container = engine.run(new ContainerEngine.RunSpec(s.namePrefix() + "-timer-" + id, s.image(), j.command(), s.env(), s.network(),
          labels, s.cpus(), s.memoryMb(), s.mounts(), s.dns(), null));
      ContainerEngine.Follower out = engine.follow(container, line -> logs.line(app, source, line));
      out.await();
      int code = engine.exitCode(container).orElse(-1);
      if (code != 0) {
        logs.line(app, "system/rack", "timer " + j.name() + " (" + id + ") exited with code " + code);
      }
    } catch (EngineException e) {
      logs.line(app, "system/rack", "timer " + j.name() + " (" + id + ") could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (container != null) {
        engine.remove(container);
      }
    }
  }

  @Override
  public void close() {
    for (String app : List.copyOf(schedulers.keySet())) {
      set(app, List.of());
    }
    LOG.debug("timers stopped");
  }
}
