package io.jrack.runtime.process;

import io.jrack.runtime.os.OutputTail;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.os.ProcessGroups;
import io.jrack.runtime.os.Supervisor;

import io.jrack.manifest.Health;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.rollout.Instance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One process of a service, supervised: started with its own port, health-checked, restarted by a
 * {@link Supervisor} (capped exponential backoff) when it exits, its output sent to the app log.
 * Its id changes at each restart, as a container's would.
 */
final class Slot implements Instance {
  private static final Duration STARTUP_POLL = Duration.ofMillis(100);
  private static final int KEPT_LINES = 20;

  private final Spec spec;
  private final LogSink logs;
  private final Clock clock;
  private final Runnable onChange;
  private final OutputTail output = new OutputTail(KEPT_LINES);
  private final CountDownLatch firstOutcome = new CountDownLatch(1);
  private volatile String id;
  private volatile Process process;
  private volatile int port;
  private volatile Status status = Status.STARTING;
  private volatile Instant started;
  private final Supervisor supervision = new Supervisor();
  private volatile String lastProblem;
  /** The current life ends because {@code ps stop} or {@code restart} asked (not a crash): said so in the log. */
  private final java.util.concurrent.atomic.AtomicBoolean stopRequested = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile Thread supervisor;
  private volatile List<String> exposed = List.of();

  /** What a slot runs: fixed for the life of one release of one service. */
  record Spec(String app, String service, String release, List<String> argv, Path workDir, Map<String, String> env,
      boolean hasPort, HealthProtocol healthProtocol, Health health, int terminationGrace, int drain, PidFiles pidFiles) {}

  Slot(Spec spec, LogSink logs, Clock clock, Runnable onChange) {
    this.spec = spec;
    this.logs = logs;
    this.clock = clock;
    this.onChange = onChange;
    this.id = ProcessIds.next(spec.service());
  }

  @Override
  public void start() {
    supervisor = Thread.ofVirtual().name("slot-" + id).start(this::supervise);
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
        launch();
      } catch (IOException e) {
        problem("could not start " + String.join(" ", spec.argv()) + ": " + e.getMessage());
        status = Status.CRASHED;
        firstOutcome.countDown();
        onChange.run();
      }
      if (process != null) {
        watch();
      }
    }, (ends, wait) -> logs.line(spec.app(), "system/rack", stopRequested.getAndSet(false)
        ? "%s/%s stopped on request; starting a new one".formatted(spec.service(), id)
        : "%s/%s exited: %s; restarting in %d ms".formatted(spec.service(), id, lastProblem, wait.toMillis())));
    // An interrupt only ended the supervision: the last process still gets its termination grace.
    Thread.interrupted();
    // stop() may have run while a new process was being launched: that one must not outlive the slot.
    Process last = process;
    if (last != null && last.isAlive()) {
      ProcessGroups.terminate(last.toHandle(), spec.terminationGrace());
    }
    if (last != null) {
      spec.pidFiles().delete(spec.app(), id);
    }
    status = Status.STOPPED;
    firstOutcome.countDown();
  }

  private void launch() throws IOException {
    port = spec.hasPort() ? freePort() : 0;
    Map<String, String> env = new HashMap<>(spec.env());
    if (spec.hasPort()) {
      env.put("PORT", Integer.toString(port));
    }
    ProcessBuilder pb = new ProcessBuilder(ProcessGroups.wrap(spec.argv())).directory(spec.workDir().toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    status = Status.STARTING;
    process = pb.start();
    started = clock.instant();
    spec.pidFiles().write(spec.app(), id, process.pid());
    String source = spec.service() + "/" + id;
    output.follow(process.getInputStream(), "log-" + source, line -> logs.line(spec.app(), source, line));
    output.follow(process.getErrorStream(), "log-" + source + "-err", line -> logs.line(spec.app(), source, line));
    onChange.run();
  }

  /** Runs until the process exits: health checks while it lives. */
  private void watch() {
    Process p = process;
    int failures = 0;
    try {
      if (!spec.hasPort()) {
        status = Status.RUNNING;
        supervision.healthy();
        firstOutcome.countDown();
        onChange.run();
        p.waitFor();
      } else {
        while (p.isAlive() && !supervision.stopping()) {
          Duration wait = status == Status.STARTING ? STARTUP_POLL : Duration.ofSeconds(spec.health().interval());
          if (p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            break;
          }
          if (spec.health().disabled()) {
            setStatus(Status.RUNNING);
            continue;
          }
          String problem = HealthProbe.check(spec.healthProtocol(), "127.0.0.1", port, spec.health().path(), Duration.ofSeconds(Math.max(1, spec.health().timeout())));
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
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!p.isAlive()) {
      // The leader is gone (a crash, or a kill -9 of the shell): nothing of its group may linger.
      ProcessGroups.killGroup(p.pid());
      spec.pidFiles().delete(spec.app(), id);
      if (!supervision.stopping()) {
        problem("exited with code " + p.exitValue());
        status = Status.CRASHED;
        firstOutcome.countDown();
        onChange.run();
      }
    }
  }

  private void setStatus(Status s) {
    if (status != s) {
      boolean first = s == Status.RUNNING && firstOutcome.getCount() > 0;
      status = s;
      if (s == Status.RUNNING) {
        firstOutcome.countDown();
      }
      onChange.run();
      if (first) {
        checkExposure();
      }
    }
  }

  /** Warns when the process listens beyond loopback: reachable from outside, router bypassed. */
  private void checkExposure() {
    Process p = process;
    if (p == null) {
      return;
    }
    exposed = Exposure.publicListeners(p.toHandle());
    if (!exposed.isEmpty()) {
      logs.line(spec.app(), "system/rack", "warning: %s/%s listens on %s, reachable from outside the rack; bind 127.0.0.1 ($HOST) instead"
          .formatted(spec.service(), id, String.join(", ", exposed)));
    }
  }

  /** Non-loopback addresses the process listens on (empty when none, or when not known). */
  List<String> exposed() {
    return exposed;
  }

  /**
   * Waits until the process is healthy (true) or has failed or the time is up (false). A failed
   * start counts even if the slot is already restarting it.
   */
  @Override
  public boolean awaitHealthy(Duration timeout) throws InterruptedException {
    firstOutcome.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return status == Status.RUNNING;
  }

  @Override
  public void stop() {
    supervision.stop();
    Process p = process;
    if (p != null && p.isAlive()) {
      ProcessGroups.terminate(p.toHandle(), spec.terminationGrace());
    }
    Thread t = supervisor;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(spec.terminationGrace() + 5L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    status = Status.STOPPED;
  }

  @Override
  public void kill() {
    Process p = process;
    if (p != null) {
      stopRequested.set(true);
      // Out of rotation first: a process that is shutting down may still accept connections it will
      // never answer. The next process announces itself once it is healthy.
      status = Status.UNHEALTHY;
      onChange.run();
      ProcessGroups.terminate(p.toHandle(), 1);
    }
  }

  private void problem(String text) {
    lastProblem = text;
  }

  @Override
  public String lastProblem() {
    return lastProblem;
  }

  @Override
  public List<String> lastLines() {
    return output.lines();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  @Override public String id() { return id; }
  int port() { return port; }
  @Override public Status status() { return status; }
  @Override public Instant started() { return started; }
  Spec spec() { return spec; }
  @Override public int crashes() { return supervision.endsInARow(); }

  @Override
  public InetSocketAddress address() {
    int p = port;
    return p == 0 ? null : new InetSocketAddress("127.0.0.1", p);
  }
}
