package io.jrack.runtime.resource;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.os.OutputTail;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.os.ProcessGroups;
import io.jrack.runtime.os.Supervisor;
import io.jrack.runtime.resource.ServerRecipe.Installation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One resource's server, supervised: started in its own process group, ready when it answers its
 * protocol, checked every few seconds, and restarted by a {@link Supervisor} when it exits
 * or stops answering. Its output goes to the app log as {@code resource/<name>}.
 */
final class ResourceServer {
  static final Duration CHECK_EVERY = Duration.ofSeconds(5);
  /** Failed checks in a row before a server that still runs is restarted. */
  static final int FAILED_CHECKS = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final int STOP_GRACE_SECONDS = 30;
  private static final int KEPT_LINES = 20;
  static final int STARTS_BEFORE_GIVING_UP = 3;
  /** ...and not before this: what a killed predecessor holds (a port, a lock) takes a moment to go. */
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(5);

  /** What {@code convox resources info} shows. */
  enum Status { STARTING, RUNNING, UNHEALTHY, CRASHED, STOPPED }

  private final String app;
  private final String name;
  private final ServerRecipe recipe;
  private final Installation install;
  private final Path dir;
  private final ResourceEndpoint endpoint;
  private final LogSink logs;
  private final PidFiles pidFiles;
  private final OutputTail output = new OutputTail(KEPT_LINES);
  private final Object readyLock = new Object();
  private volatile Status status = Status.STARTING;
  private final Supervisor supervision = new Supervisor();
  private volatile Process process;
  private volatile Thread supervisor;
  private volatile Instant started;
  private volatile String problem;
  private volatile long launchNanos;
  private volatile long readyNanos;

  ResourceServer(String app, String name, ServerRecipe recipe, Installation install, Path dir, ResourceEndpoint endpoint, LogSink logs, PidFiles pidFiles) {
    this.app = app;
    this.name = name;
    this.recipe = recipe;
    this.install = install;
    this.dir = dir;
    this.endpoint = endpoint;
    this.logs = logs;
    this.pidFiles = pidFiles;
  }

  void start() {
    launchNanos = System.nanoTime();
    supervisor = Thread.ofVirtual().name("resource-" + app + "-" + name).start(this::supervise);
  }

  /**
   * Waits until the server answers; returns null then, else why not (with its last output). A
   * server that exits {@link #STARTS_BEFORE_GIVING_UP} times before ever answering, over at least
   * {@link #GIVE_UP_AFTER}, fails then: waiting out the timeout would not change a bad config.
   */
  String awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (readyLock) {
      while (status != Status.RUNNING && !supervision.stopping()) {
        long left = deadline - System.nanoTime();
        if (readyNanos == 0 && supervision.restarts() >= STARTS_BEFORE_GIVING_UP
            && System.nanoTime() - launchNanos > GIVE_UP_AFTER.toNanos()) {
          return "resource " + name + " (" + endpoint.scheme() + ") failed " + supervision.restarts() + " starts in a row: " + problem + lastOutput();
        }
        if (left <= 0) {
          String why = problem == null ? "did not answer within " + timeout.toSeconds() + " s" : problem;
          return "resource " + name + " (" + endpoint.scheme() + ") " + why + lastOutput();
        }
        readyLock.wait(Math.max(1, Math.min(500, left / 1_000_000)));
      }
    }
    return supervision.stopping() ? "resource " + name + " stopped" : null;
  }

  private void supervise() {
    supervision.run(() -> {
      try {
        runOnce();
      } catch (IOException e) {
        problem = "could not start: " + e.getMessage();
        logs.line(app, "system/rack", "resource " + name + " " + problem);
      }
    }, (ends, wait) -> {
      setStatus(Status.CRASHED);
      logs.line(app, "system/rack", "resource %s stopped (%s); restarting in %d ms".formatted(name, problem, wait.toMillis()));
    });
    setStatus(Status.STOPPED);
  }

  /** Starts the server, waits for it to answer, then watches it until it exits or is restarted. */
  private void runOnce() throws IOException, InterruptedException {
    setStatus(Status.STARTING);
    recipe.beforeStart(dir);
    List<String> argv;
    try {
      argv = ProcessGroups.wrap(recipe.command(install, dir, endpoint));
    } catch (io.jrack.runtime.RuntimeFailure e) {
      throw new IOException(e.getMessage(), e);
    }
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    process = p;
    started = Instant.now();
    pidFiles.write(app, "resource-" + name, p.pid());
    p.getOutputStream().close();
    output.follow(p.getInputStream(), "resource-output-" + name, line -> logs.line(app, "resource/" + name, line));
    try {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!recipe.ready(dir, endpoint)) {
        if (!p.isAlive()) {
          problem = "exited with code " + p.waitFor() + " while starting";
          return;
        }
        if (System.nanoTime() > deadline || supervision.stopping()) {
          problem = "did not answer within " + START_TIMEOUT.toSeconds() + " s";
          return;
        }
        Thread.sleep(POLL);
      }
      problem = null;
      if (readyNanos == 0) {
        readyNanos = System.nanoTime();
      }
      setStatus(Status.RUNNING);
      supervision.healthy();
      int failed = 0;
      while (!supervision.stopping()) {
        if (p.waitFor(CHECK_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          problem = "exited with code " + p.exitValue();
          return;
        }
        if (supervision.stopping()) {
          return;
        }
        if (recipe.ready(dir, endpoint)) {
          failed = 0;
          supervision.healthy();
          setStatus(Status.RUNNING);
        } else if (++failed >= FAILED_CHECKS) {
          problem = "did not answer " + FAILED_CHECKS + " checks in a row";
          setStatus(Status.UNHEALTHY);
          return;
        } else {
          supervision.unhealthy();
          setStatus(Status.UNHEALTHY);
        }
      }
    } finally {
      if (!supervision.stopping() && p.isAlive()) {
        ProcessGroups.terminateLeader(p.toHandle(), recipe.stopSignal(), STOP_GRACE_SECONDS);
      }
      if (!supervision.stopping()) {
        pidFiles.delete(app, "resource-" + name);
      }
    }
  }

  private String lastOutput() {
    List<String> tail = output.lines();
    if (tail.isEmpty()) {
      return "";
    }
    return "; last output:\n  " + String.join("\n  ", tail.subList(Math.max(0, tail.size() - 5), tail.size()));
  }

  private void setStatus(Status s) {
    synchronized (readyLock) {
      status = s;
      readyLock.notifyAll();
    }
  }

  /** Stops the server cleanly (its own shutdown signal, SIGKILL after a grace) and waits for it. */
  void stop() {
    supervision.stop();
    setStatus(Status.STOPPED);
    Thread t = supervisor;
    if (t != null) {
      t.interrupt();
    }
    Process p = process;
    if (p != null && p.isAlive()) {
      ProcessGroups.terminateLeader(p.toHandle(), recipe.stopSignal(), STOP_GRACE_SECONDS);
    }
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(STOP_GRACE_SECONDS + 5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pidFiles.delete(app, "resource-" + name);
  }

  /** Kills the server as a crash would; the supervisor restarts it. */
  void kill() {
    Process p = process;
    if (p != null) {
      ProcessGroups.kill(p.pid());
    }
  }

  Status status() {
    return status;
  }

  int restarts() {
    return supervision.restarts();
  }

  Instant started() {
    return started;
  }

  long pid() {
    Process p = process;
    return p == null ? 0 : p.pid();
  }

  ResourceEndpoint endpoint() {
    return endpoint;
  }

  String version() {
    return install.version();
  }

  String name() {
    return name;
  }

  /** From start() to the first time the server answered. */
  long millisToReady() {
    return readyNanos == 0 ? -1 : (readyNanos - launchNanos) / 1_000_000;
  }

  String type() {
    return endpoint.scheme();
  }
}
