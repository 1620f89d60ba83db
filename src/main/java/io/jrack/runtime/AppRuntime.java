package io.jrack.runtime;

import io.jrack.rack.ProcessInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs releases. {@link #deploy} is synchronous: when it returns, the release serves; when it
 * throws {@link RuntimeFailure}, the previous release is still serving as before.
 */
public interface AppRuntime extends AutoCloseable {

  /** {@code embedded} or {@code kubernetes}, as {@code convox rack} shows it. */
  String name();

  /**
   * Problems that would stop {@code release} from running here, found before any deploy (a service
   * with no command to run, an image on a runtime that cannot pull images...). Empty when fine.
   */
  List<String> check(io.jrack.manifest.Manifest manifest, Path buildDir);

  /**
   * Makes what a build's services run from (container images), each line of its output going to
   * {@code log} as it comes; fails with the failing step's own output. Runtimes that run the
   * source as it is build nothing.
   */
  default void build(String app, String build, io.jrack.manifest.Manifest manifest, Path buildDir,
      java.util.function.Consumer<String> log) throws RuntimeFailure {}

  /**
   * Forgets what {@link #build} made for {@code builds}, which the rack deleted: old ones past its
   * retention (never the running release's or the latest's), or all of a deleted app's. Nothing
   * where builds make nothing.
   */
  default void pruned(String app, java.util.List<String> builds) {}

  /** Makes {@code release} the running one for its app. */
  void deploy(AppRelease release, Path buildDir) throws RuntimeFailure;

  /**
   * Where discovery sends a link to {@code service} of {@code app} on this runtime when the runtime
   * names addresses itself (a cluster DNS name). Empty: the rack's allocated loopback endpoint.
   */
  default java.util.Optional<io.jrack.discovery.Endpoint> serviceEndpoint(String app, String service, int port) {
    return java.util.Optional.empty();
  }

  /**
   * The same for a service with a port, when the runtime needs more than its port to name it (the
   * scheme it speaks); by default {@link #serviceEndpoint(String, String, int)} on its main port.
   */
  default java.util.Optional<io.jrack.discovery.Endpoint> serviceEndpoint(String app, io.jrack.manifest.Service service) {
    return service.mainPort().flatMap(p -> serviceEndpoint(app, service.name(), p.port()));
  }

  /**
   * Makes the app's resources run (starting what is not running) and returns where each serves.
   * A runtime may return before they answer, if its next {@link #deploy} waits for them and fails
   * when they do not.
   * {@code assigned} is what the rack chose per resource name (loopback port, user, password,
   * database); a runtime that names its own addresses returns its own host/port with the same
   * credentials.
   */
  default java.util.Map<String, io.jrack.discovery.ResourceEndpoint> provision(
      String app, java.util.List<io.jrack.manifest.Resource> resources,
      java.util.Map<String, io.jrack.discovery.ResourceEndpoint> assigned) throws RuntimeFailure {
    return assigned;
  }

  /** The app's resource servers as this runtime runs them; empty where it runs none. */
  default java.util.List<ResourceState> resourceStates(String app) {
    return java.util.List.of();
  }

  /** Stops everything of the app, and deletes its resources' data. */
  void remove(String app);

  List<ProcessInfo> processes(String app);

  /**
   * Runs {@code command} (a shell command line) where process {@code processId} of {@code app} runs, in
   * its directory with its environment ({@code convox exec}, {@code convox run}): stdin from {@code in},
   * stdout and stderr to {@code out}; on a terminal of its own when {@code tty} and the runtime can give
   * one (the client has one). Returns the exit code; empty when there is no such process.
   */
  default java.util.OptionalInt exec(String app, String processId, String command, boolean tty, java.io.InputStream in, java.io.OutputStream out)
      throws java.io.IOException, InterruptedException {
    throw new UnsupportedOperationException("the " + name() + " runtime cannot run commands in a process yet");
  }

  /**
   * Sets how many processes {@code service} of the app's running release runs ({@code convox scale}),
   * starting or stopping processes while the others run on; returns once the new ones are healthy, and
   * fails (with those stopped again) when they do not turn healthy. False when this runtime cannot:
   * the rack then deploys the running release again with the new count.
   */
  default boolean scale(String app, String service, int count) throws RuntimeFailure {
    return false;
  }

  /**
   * Starts a one-off process of {@code service} ({@code convox run}): {@code command} (a shell command
   * line; null: the service's own command) with the service's directory and environment of the running
   * release; listed with the app's processes while it runs, its output in the app log, never restarted.
   */
  default ProcessInfo run(String app, String service, String command) throws RuntimeFailure {
    throw new UnsupportedOperationException("the " + name() + " runtime cannot start one-off processes yet");
  }

  /** Stops one process; the runtime restarts it if its service still wants it. */
  void stop(String app, String processId);

  @Override
  void close();
}
