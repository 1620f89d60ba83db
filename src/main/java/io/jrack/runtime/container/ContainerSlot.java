package io.jrack.runtime.container;

import io.jrack.manifest.Health;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.os.OutputTail;
import io.jrack.runtime.os.Supervisor;
import io.jrack.runtime.process.HealthProbe;
import io.jrack.runtime.process.HealthProtocol;
import io.jrack.runtime.process.ProcessIds;
import io.jrack.runtime.rollout.Instance;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One process of a service as a container, supervised by a {@link Supervisor} as a process is:
 * health-checked at its network address, replaced by a new container with capped exponential
 * backoff when it exits, its output sent to the app log. Its id changes with each container.
 */
final class ContainerSlot implements Instance {
  private static final Duration STARTUP_POLL = Duration.ofMillis(100);
  private static final int KEPT_LINES = 20;

  /** What the slot runs: fixed for one release of one service. */
  record Spec(String app, String service, String release, String image, List<String> command, Map<String, String> env,
      int port, HealthProtocol protocol, Health health, int terminationGrace, int drain, String network, String namePrefix, Map<String, String> labels,
      double cpus, int memoryMb, List<ContainerEngine.Mount> mounts, ContainerEngine.Dns dns) {}

  private final Spec spec;
  private final ContainerEngine engine;
  private final LogSink logs;
  private final Clock clock;
  private final Runnable onChange;
  private final OutputTail output = new OutputTail(KEPT_LINES);
  private final CountDownLatch firstOutcome = new CountDownLatch(1);
  private final Supervisor supervision = new Supervisor();
  private volatile String id;
  private volatile String container;
  private volatile String address;
  private volatile Status status = Status.STARTING;
  private volatile Instant started;
  private volatile String lastProblem;
  /** The current life ends because {@code ps stop} or {@code restart} asked (not a crash): said so in the log. */
  private final java.util.concurrent.atomic.AtomicBoolean stopRequested = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile Thread supervisor;

  ContainerSlot(Spec spec, ContainerEngine engine, LogSink logs, Clock clock, Runnable onChange) {
    this.spec = spec;
    this.engine = engine;
    this.logs = logs;
    this.clock = clock;
    this.onChange = onChange;
    this.id = ProcessIds.next(spec.service());
  }

  @Override
  public void start() {
    supervisor = Thread.ofVirtual().name("container-" + id).start(this::supervise);
  }

  @Override
  public boolean isStarted() {
    return supervisor != null;
  }

  private void supervise() {
    boolean[] first = {true};
    supervision.run(() -> {
      if (!first[0]) {
        id = ProcessIds.next(spec.service());
      }
      first[0] = false;
      try {
        watch(launch());
      } catch (EngineException e) {
        lastProblem = "could not start a container of " + spec.image() + ": " + e.getMessage();
        crashed();
      }
      if (!supervision.stopping()) {
        // A container that ended is of no use: the next life runs a new one.
        String gone = container;
        container = null;
        if (gone != null) {
          engine.remove(gone);
        }
      }
    }, (ends, wait) -> logs.line(spec.app(), "system/rack", stopRequested.getAndSet(false)
        ? "%s/%s stopped on request; starting a new one".formatted(spec.service(), id)
        : "%s/%s exited: %s; restarting in %d ms".formatted(spec.service(), id, lastProblem, wait.toMillis())));
    // stop() may have come while a container was being started: that one must not outlive the slot.
    Thread.interrupted();
    String last = container;
    if (last != null) {
      engine.stop(last, Duration.ofSeconds(spec.terminationGrace()));
      engine.remove(last);
    }
    status = Status.STOPPED;
    firstOutcome.countDown();
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
        labels, spec.cpus(), spec.memoryMb(), spec.mounts(), spec.dns(), null));
    started = clock.instant();
    String source = spec.service() + "/" + id;
    ContainerEngine.Follower follower = engine.follow(container, line -> {
      output.add(line);
      logs.line(spec.app(), source, line);
    });
    address = engine.address(container, spec.network()).orElse(null);
    onChange.run();
    return follower;
  }

  /** Until the container exits or the slot stops: health checks at its address. */
  private void watch(ContainerEngine.Follower follower) throws InterruptedException {
    CountDownLatch exited = new CountDownLatch(1);
    Thread.ofVirtual().start(() -> {
      try {
        follower.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exited.countDown();
    });
    int failures = 0;
    try {
      while (!supervision.stopping()) {
        if (spec.port() == 0 && status == Status.STARTING) {
          supervision.healthy();
          setStatus(Status.RUNNING);
        }
        Duration wait = status == Status.STARTING ? STARTUP_POLL : Duration.ofSeconds(spec.health().interval());
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
        String problem = HealthProbe.check(spec.protocol(), address, spec.port(), spec.health().path(), Duration.ofSeconds(Math.max(1, spec.health().timeout())));
        if (problem == null) {
          failures = 0;
          supervision.healthy();
          setStatus(Status.RUNNING);
        } else if (status != Status.STARTING) {
          failures++;
          lastProblem = problem;
          if (failures >= 2) {
            supervision.unhealthy();
            setStatus(Status.UNHEALTHY);
          }
        } else {
          lastProblem = problem;
        }
      }
    } finally {
      follower.close();
    }
    if (!supervision.stopping()) {
      // Out of the router and the rack's DNS now, not after the engine has told its exit code.
      setStatus(Status.CRASHED);
      String c = container;
      String code = "?";
      try {
        code = c == null ? "?" : engine.exitCode(c).map(String::valueOf).orElse("?");
      } catch (EngineException e) {
        // Gone already: the code is unknown.
      }
      lastProblem = "exited with code " + code;
      crashed();
    }
  }

  private void crashed() {
    status = Status.CRASHED;
    firstOutcome.countDown();
    onChange.run();
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

  @Override
  public List<String> lastLines() {
    return output.lines();
  }

  @Override
  public boolean awaitHealthy(Duration timeout) throws InterruptedException {
    firstOutcome.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return status == Status.RUNNING;
  }

  @Override
  public void stop() {
    supervision.stop();
    String c = container;
    Thread t = supervisor;
    if (c != null) {
      // Its end ends the watch; the supervisor then removes it.
      engine.stop(c, Duration.ofSeconds(spec.terminationGrace()));
    }
    if (t != null) {
      // A wait between containers (a backoff) may be long, and the watch's next check too.
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(spec.terminationGrace() + 15L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    status = Status.STOPPED;
  }

  @Override
  public void kill() {
    String c = container;
    if (c != null) {
      stopRequested.set(true);
      // Out of the router and the rack's DNS first, as the process runtime does: podman kill and the
      // end of its log stream take a few hundred ms, longer on a loaded machine.
      status = Status.UNHEALTHY;
      onChange.run();
      engine.kill(c);
    }
  }

  Spec spec() { return spec; }
  @Override public String lastProblem() { return lastProblem; }
  @Override public String id() { return id; }
  @Override public Status status() { return status; }
  @Override public Instant started() { return started; }
  @Override public int crashes() { return supervision.endsInARow(); }
  String host() { return address == null ? "" : address; }
  /** The engine's id of the container it runs now; null between containers. */
  String container() { return container; }

  @Override
  public InetSocketAddress address() {
    String a = address;
    return a == null || spec.port() == 0 ? null : new InetSocketAddress(a, spec.port());
  }
}
