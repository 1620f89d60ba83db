package io.jrack.runtime.container;

import io.jrack.manifest.Health;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.process.HealthProbe;
import io.jrack.runtime.process.ProcessIds;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One process of a service as a container, supervised as the process runtime supervises a process:
 * health-checked at its network address, replaced by a new container with capped exponential
 * backoff when it exits, its output sent to the app log. Its id changes with each container.
 */
final class ContainerSlot {
  static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration STARTUP_POLL = Duration.ofMillis(100);
  private static final int KEPT_LINES = 20;

  enum Status { STARTING, RUNNING, UNHEALTHY, CRASHED, STOPPED }

  /** What the slot runs: fixed for one release of one service. */
  record Spec(String app, String service, String release, String image, List<String> command, Map<String, String> env,
      int port, Health health, int terminationGrace, int drain, String network, String namePrefix, Map<String, String> labels,
      double cpus, int memoryMb, List<ContainerEngine.Mount> mounts) {}

  private final Spec spec;
  private final ContainerEngine engine;
  private final LogSink logs;
  private final Clock clock;
  private final Runnable onChange;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final CountDownLatch firstOutcome = new CountDownLatch(1);
  private volatile String id;
  private volatile String container;
  private volatile String address;
  private volatile Status status = Status.STARTING;
  private volatile Instant started;
  private volatile boolean stopping;
  private volatile String lastProblem;
  private volatile Thread supervisor;
  private volatile int crashes;

  ContainerSlot(Spec spec, ContainerEngine engine, LogSink logs, Clock clock, Runnable onChange) {
    this.spec = spec;
    this.engine = engine;
    this.logs = logs;
    this.clock = clock;
    this.onChange = onChange;
    this.id = ProcessIds.next(spec.service());
  }

  void start() {
    supervisor = Thread.ofVirtual().name("container-" + id).start(this::supervise);
  }

  boolean isStarted() {
    return supervisor != null;
  }

  private void supervise() {
    while (!stopping) {
      ContainerEngine.Follower output = null;
      try {
        output = launch();
      } catch (EngineException e) {
        lastProblem = "could not start a container of " + spec.image() + ": " + e.getMessage();
        status = Status.CRASHED;
        firstOutcome.countDown();
        onChange.run();
      }
      if (output != null) {
        watch(output);
      }
      if (stopping) {
        break;
      }
      String gone = container;
      if (gone != null) {
        engine.remove(gone);
        container = null;
      }
      crashes++;
      Duration backoff = backoff(crashes);
      logs.line(spec.app(), "system/rack", "%s/%s exited: %s; restarting in %d ms".formatted(spec.service(), id, lastProblem, backoff.toMillis()));
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        break;
      }
      id = ProcessIds.next(spec.service());
    }
    String last = container;
    if (last != null) {
      engine.stop(last, Duration.ofSeconds(spec.terminationGrace()));
      engine.remove(last);
    }
    status = Status.STOPPED;
    firstOutcome.countDown();
  }

  static Duration backoff(int crashes) {
    long ms = FIRST_BACKOFF.toMillis() << Math.min(crashes - 1, 20);
    return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
  }

  private ContainerEngine.Follower launch() throws EngineException {
    Map<String, String> env = new HashMap<>(spec.env());
    if (spec.port() > 0) {
      env.put("PORT", Integer.toString(spec.port()));
    }
    Map<String, String> labels = new HashMap<>(spec.labels());
    labels.put(ContainerRuntime.LABEL_PROCESS, id);
    status = Status.STARTING;
    address = null;
    container = engine.run(new ContainerEngine.RunSpec(spec.namePrefix() + "-" + id, spec.image(), spec.command(), env, spec.network(),
        labels, spec.cpus(), spec.memoryMb(), spec.mounts()));
    started = clock.instant();
    String source = spec.service() + "/" + id;
    ContainerEngine.Follower output = engine.follow(container, line -> {
      keep(line);
      logs.line(spec.app(), source, line);
    });
    address = engine.address(container, spec.network()).orElse(null);
    onChange.run();
    return output;
  }

  /** Until the container exits or the slot stops: health checks at its address. */
  private void watch(ContainerEngine.Follower output) {
    CountDownLatch exited = new CountDownLatch(1);
    Thread.ofVirtual().start(() -> {
      try {
        output.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exited.countDown();
    });
    Instant healthySince = null;
    int failures = 0;
    try {
      while (!stopping) {
        Duration wait = status == Status.STARTING ? STARTUP_POLL : Duration.ofSeconds(spec.health().interval());
        if (spec.port() == 0 && status == Status.STARTING) {
          setStatus(Status.RUNNING);
        }
        if (exited.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
        if (spec.port() == 0) {
          continue;
        }
        if (address == null) {
          lastProblem = "the container has no address on network " + spec.network();
          continue;
        }
        if (spec.health().disabled()) {
          setStatus(Status.RUNNING);
          continue;
        }
        String problem = HealthProbe.check(address, spec.port(), spec.health().path(), Duration.ofSeconds(Math.max(1, spec.health().timeout())));
        if (problem == null) {
          failures = 0;
          if (healthySince == null) {
            healthySince = clock.instant();
          } else if (Duration.between(healthySince, clock.instant()).compareTo(MAX_BACKOFF) > 0) {
            crashes = 0;
          }
          setStatus(Status.RUNNING);
        } else if (status != Status.STARTING) {
          failures++;
          lastProblem = problem;
          if (failures >= 2) {
            healthySince = null;
            setStatus(Status.UNHEALTHY);
          }
        } else {
          lastProblem = problem;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    output.close();
    if (!stopping) {
      String c = container;
      String code = "?";
      try {
        code = c == null ? "?" : engine.exitCode(c).map(String::valueOf).orElse("?");
      } catch (EngineException e) {
        // Gone already: the code is unknown.
      }
      lastProblem = "exited with code " + code;
      status = Status.CRASHED;
      firstOutcome.countDown();
      onChange.run();
    }
  }

  private void setStatus(Status s) {
    if (status != s) {
      status = s;
      if (s == Status.RUNNING) {
        firstOutcome.countDown();
      }
      onChange.run();
    }
  }

  private void keep(String line) {
    synchronized (lastLines) {
      lastLines.addLast(line);
      if (lastLines.size() > KEPT_LINES) {
        lastLines.removeFirst();
      }
    }
  }

  List<String> lastLines() {
    synchronized (lastLines) {
      return List.copyOf(lastLines);
    }
  }

  boolean awaitHealthy(Duration timeout) throws InterruptedException {
    firstOutcome.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return status == Status.RUNNING;
  }

  /** Stops the container (SIGTERM, SIGKILL after the termination grace) and its supervision. */
  void stop() {
    stopping = true;
    String c = container;
    Thread t = supervisor;
    if (c != null) {
      // Its end ends the watch; the supervisor then removes it.
      engine.stop(c, Duration.ofSeconds(spec.terminationGrace()));
    } else if (t != null) {
      // Between containers (a backoff): nothing to stop gracefully, and the wait may be long.
      t.interrupt();
    }
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(spec.terminationGrace() + 15L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    status = Status.STOPPED;
  }

  /** Kills the container as a crash would; the slot starts a new one. */
  void kill() {
    String c = container;
    if (c != null) {
      engine.kill(c);
    }
  }

  String lastProblem() { return lastProblem; }
  String id() { return id; }
  Status status() { return status; }
  Instant started() { return started; }
  int crashes() { return crashes; }
  String host() { return address == null ? "" : address; }

  /** Where the router reaches it; null before it has an address. */
  InetSocketAddress address() {
    String a = address;
    return a == null || spec.port() == 0 ? null : new InetSocketAddress(a, spec.port());
  }
}
