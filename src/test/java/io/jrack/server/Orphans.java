package io.jrack.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds processes by their working directory (Linux /proc), to prove nothing outlives a rack. */
final class Orphans {
  private Orphans() {}

  static Optional<Path> cwd(ProcessHandle p) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** Live processes whose working directory is inside {@code dir}, as "pid command" strings. */
  static List<String> under(Path dir) throws InterruptedException {
    // Give SIGTERM'd processes a moment to exit.
    for (int i = 0; i < 50; i++) {
      List<String> found = ProcessHandle.allProcesses()
          .filter(ProcessHandle::isAlive)
          .filter(p -> cwd(p).map(c -> c.startsWith(dir)).orElse(false))
          .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
          .toList();
      if (found.isEmpty()) {
        return found;
      }
      Thread.sleep(100);
    }
    return ProcessHandle.allProcesses().filter(p -> cwd(p).map(c -> c.startsWith(dir)).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
  }
}
