package io.jrack.runtime.rollout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One supervised instance of a service (a process, a container): started once, restarted by its
 * own supervision when it ends, health-checked, and stopped for good. Every change of its health
 * is reported to the group it was made for.
 */
public interface Instance {

  /** What {@code convox ps} shows. */
  enum Status { STARTING, RUNNING, UNHEALTHY, CRASHED, STOPPED }

  void start();

  boolean isStarted();

  /**
   * Waits until the instance is healthy (true) or has failed or the time is up (false). A failed
   * start counts even if its supervision is already restarting it.
   */
  boolean awaitHealthy(Duration timeout) throws InterruptedException;

  /** Stops it (SIGTERM, SIGKILL after the termination grace) and its supervision; returns when both are done. */
  void stop();

  /** Ends it on request ({@code ps stop}, {@code restart}): its supervision starts a new one, and the log says it was asked for. */
  void kill();

  Status status();

  /** Changes at each restart, as a container's id would. */
  String id();

  Instant started();

  /** Restarts in a row, without a healthy period between them. */
  int crashes();

  /** Why it last failed a health check or ended; null when it never did. */
  String lastProblem();

  /** Its last lines of output, to explain a failure. */
  List<String> lastLines();

  /** Where the router reaches it; null when it takes no traffic (no port, or no address yet). */
  InetSocketAddress address();
}
