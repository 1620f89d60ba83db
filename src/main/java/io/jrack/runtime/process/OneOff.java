package io.jrack.runtime.process;

import io.jrack.rack.ProcessInfo;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.os.OutputTail;
import io.jrack.runtime.os.ProcessGroups;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-off process of a service ({@code convox run}): the given command line ({@code sh -c}), or the
 * service's own command, in the directory and with the environment of the service's running release
 * (a port of its own in {@code PORT}, which the router never sends to), in a process group of its own.
 * Its output goes to the app log as the service's processes' does; it is not restarted, and when it
 * ends the rack says how in the log and {@code onEnd} forgets it.
 */
final class OneOff {
  private final Slot.Spec spec;
  private final String id;
  private final String command;
  private final Map<String, String> env;
  private final Process process;
  private final Instant started;
  private final int port;
  private final LogSink logs;
  private Thread reader;

  private OneOff(Slot.Spec spec, String id, String command, Map<String, String> env, Process process, Instant started, int port, LogSink logs) {
    this.spec = spec;
    this.id = id;
    this.command = command;
    this.env = env;
    this.process = process;
    this.started = started;
    this.port = port;
    this.logs = logs;
  }

  /** Starts it, its output read into the log; {@link #watch} says what to do when it ends. */
  static OneOff start(Slot.Spec spec, String command, LogSink logs, Clock clock) throws IOException {
    String id = ProcessIds.run(spec.service());
    Map<String, String> env = new HashMap<>(spec.env());
    int port = 0;
    if (spec.hasPort()) {
      port = freePort();
      env.put("PORT", Integer.toString(port));
    }
    List<String> argv = command == null ? spec.argv() : List.of("sh", "-c", command);
    ProcessBuilder pb = new ProcessBuilder(ProcessGroups.wrap(argv)).directory(spec.workDir().toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    spec.pidFiles().write(spec.app(), id, p.pid());
    OneOff run = new OneOff(spec, id, command == null ? io.jrack.runtime.CommandLines.display(spec.argv()) : command, env, p, clock.instant(), port, logs);
    String source = spec.service() + "/" + id;
    run.reader = new OutputTail(1).follow(p.getInputStream(), "log-" + source, line -> logs.line(spec.app(), source, line));
    return run;
  }

  /** Runs {@code onEnd} once it has exited and its output is read, after saying in the log how it ended. */
  void watch(Runnable onEnd) {
    Thread.ofVirtual().name("run-" + id).start(() -> {
      try {
        int code = process.waitFor();
        // What it left running in its group would hold its output open.
        ProcessGroups.killGroup(process.pid());
        reader.join(5000);
        logs.line(spec.app(), "system/rack", "%s/%s exited with code %d".formatted(spec.service(), id, code));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        spec.pidFiles().delete(spec.app(), id);
        onEnd.run();
      }
    });
  }

  String id() {
    return id;
  }

  Slot.Spec spec() {
    return spec;
  }

  /** Its environment, as a command exec'd in it gets it. */
  Map<String, String> env() {
    return env;
  }

  ProcessInfo info(String app) {
    return new ProcessInfo(id, app, spec.service(), "running", spec.release(), started, command, "127.0.0.1", port);
  }

  /** Whether it still runs: its entry goes only once its output is read, which may take a moment after. */
  boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM to its group, SIGKILL after the service's termination grace. */
  void stop() {
    if (process.isAlive()) {
      ProcessGroups.terminate(process.toHandle(), spec.terminationGrace());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
