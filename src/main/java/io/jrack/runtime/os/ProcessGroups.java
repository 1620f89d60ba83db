package io.jrack.runtime.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting a command as the leader of its own process group (via {@code setsid} where the system
 * has it) and signalling the whole group, so that a service's children never outlive it.
 */
public final class ProcessGroups {
  private static final String SETSID = findSetsid();

  private ProcessGroups() {}

  public static List<String> wrap(List<String> argv) {
    if (SETSID == null) {
      return argv;
    }
    List<String> out = new ArrayList<>(argv.size() + 1);
    out.add(SETSID);
    out.addAll(argv);
    return out;
  }

  /** SIGTERM to the group, then SIGKILL when it is still alive after {@code graceSeconds}. */
  public static void terminate(ProcessHandle leader, int graceSeconds) {
    signal(leader, "TERM");
    try {
      leader.onExit().get(Math.max(0, graceSeconds), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      signal(leader, "KILL");
    } catch (InterruptedException e) {
      signal(leader, "KILL");
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      signal(leader, "KILL");
    }
    // Anything that left the group (or a system without setsid) is still a descendant.
    leader.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * {@code signal} to the leader alone (a server that manages its own children, as PostgreSQL's
   * postmaster does, shuts them down in order), then SIGKILL to the group after {@code graceSeconds}.
   */
  public static void terminateLeader(ProcessHandle leader, String signal, int graceSeconds) {
    send(List.of("kill", "-" + signal, Long.toString(leader.pid())));
    try {
      leader.onExit().get(Math.max(0, graceSeconds), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // still running: killed below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    killGroup(leader.pid());
    leader.descendants().forEach(ProcessHandle::destroyForcibly);
    leader.destroyForcibly();
  }

  public static void kill(long pid) {
    signalGroup(pid, "KILL");
    ProcessHandle.of(pid).ifPresent(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
  }

  /** SIGKILL to whatever is left of a group whose leader has exited. */
  public static void killGroup(long leaderPid) {
    if (SETSID != null) {
      signalGroup(leaderPid, "KILL");
    }
  }

  public static void signal(ProcessHandle leader, String signal) {
    List<ProcessHandle> children = leader.descendants().toList();
    if (SETSID != null) {
      signalGroup(leader.pid(), signal);
    }
    if (signal.equals("KILL")) {
      children.forEach(ProcessHandle::destroyForcibly);
      leader.destroyForcibly();
    } else {
      leader.destroy();
    }
  }

  private static void signalGroup(long pid, String signal) {
    send(List.of("kill", "-" + signal, "--", "-" + pid));
  }

  private static void send(List<String> killCommand) {
    try {
      Process kill = new ProcessBuilder(killCommand).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // No kill(1): fall back on the handles, done by the callers.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String findSetsid() {
    for (String p : List.of("/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }
}
