package io.jrack.runtime;

import io.jrack.rack.ProcessInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs releases. {@link #deploy} is synchronous: when it returns, the release serves; when it
 * throws {@link RuntimeFailure}, the previous release is still serving as before.
 */
public interface Runtime extends AutoCloseable {

  /** {@code embedded} or {@code kubernetes}, as {@code convox rack} shows it. */
  String name();

  /**
   * Problems that would stop {@code release} from running here, found before any deploy (a service
   * with no command to run, an image on a runtime that cannot pull images...). Empty when fine.
   */
  List<String> check(io.jrack.manifest.Manifest manifest, Path buildDir);

  /** Makes {@code release} the running one for its app. */
  void deploy(AppRelease release, Path buildDir) throws RuntimeFailure;

  /** Stops everything of the app. */
  void remove(String app);

  List<ProcessInfo> processes(String app);

  /** Stops one process; the runtime restarts it if its service still wants it. */
  void stop(String app, String processId);

  @Override
  void close();
}
