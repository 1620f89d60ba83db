package io.jrack.runtime.resource;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.runtime.RuntimeFailure;
import java.nio.file.Path;
import java.util.List;

/**
 * How to run one kind of server: set up its data directory once, start it in the foreground, and
 * tell when it answers. Implementations never put a password on a command line (any user of the
 * machine can read those); they write it to a private file instead.
 */
interface ServerRecipe {

  /** The resource types this recipe serves ({@code mysql} and {@code mariadb} share one). */
  List<String> types();

  /**
   * Finds the server's programs, or fails saying which package provides them. {@code bundleDir} is
   * where a server that ships inside jrack may be unpacked.
   */
  Installation find(Path bundleDir) throws RuntimeFailure;

  /**
   * Makes {@code dir/data} a fresh data directory for {@code endpoint}'s credentials. Called only
   * when {@code dir/data} is missing; it works in a scratch directory and renames it into place
   * last, so an interrupted set-up is started over rather than half used. {@code shared} is the
   * rack's directory for what its resources share (PostgreSQL's template cluster).
   */
  void initialise(Installation install, Path dir, ResourceEndpoint endpoint, Path shared) throws RuntimeFailure;

  /**
   * Does ahead of any deploy what would make a first {@link #initialise} faster, when the server's
   * programs are already on this machine (nothing is downloaded or unpacked for it). True when
   * there was something to prepare.
   */
  default boolean prepare(Path bundleDir, Path shared) throws RuntimeFailure {
    return false;
  }

  /** False for a server that holds everything in memory, which has no data directory to set up. */
  default boolean keepsData() {
    return true;
  }

  /** Called before each start: clears what a killed server left that would stop a new one. */
  default void beforeStart(Path dir) {}

  /** The foreground command that serves {@code dir/data} on the endpoint's port. */
  List<String> command(Installation install, Path dir, ResourceEndpoint endpoint) throws RuntimeFailure;

  /** True once the server answers its own protocol with the resource's credentials accepted. */
  boolean ready(Path dir, ResourceEndpoint endpoint);

  /** The signal that makes the server shut down promptly but cleanly (PostgreSQL: INT, a fast shutdown). */
  default String stopSignal() {
    return "TERM";
  }

  /** Where a recipe's programs were found, and the version they report. */
  record Installation(Path binDir, String version) {
    Path program(String name) {
      return binDir.resolve(name);
    }
  }
}
