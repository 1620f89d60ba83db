package io.jrack.runtime.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file per running process ({@code pids/<app>/<id>}: its pid and start time), so that a rack
 * restarted after a crash can stop what the dead rack left running instead of running it twice.
 * Each file is written whole or not at all (a temporary file moved into place), readable by the
 * rack's user alone.
 */
public final class PidFiles {
  private static final Logger LOG = LoggerFactory.getLogger(PidFiles.class);
  private static final String TEMP_SUFFIX = ".tmp";
  /** How long a reaped process may take to die, so that the ports it held are free when reaping returns. */
  private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

  private final Path dir;

  public PidFiles(Path dir) {
    this.dir = dir;
  }

  public void write(String app, String id, long pid) {
    Path d = dir.resolve(app);
    Path target = d.resolve(id);
    Path temp = d.resolve(id + TEMP_SUFFIX);
    try {
      Files.createDirectories(d);
      String start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Object::toString).orElse("");
      Files.deleteIfExists(temp);
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, pid + " " + start + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Without the file a crash could leave this process behind; the rack still runs.
      LOG.warn("could not record pid {} of {}/{} in {}: {}", pid, app, id, target, e.toString());
    }
  }

  public void delete(String app, String id) {
    try {
      Files.deleteIfExists(dir.resolve(app).resolve(id));
    } catch (IOException e) {
      // Harmless: a stale file is checked against the process start time before anything is killed.
    }
  }

  /**
   * Kills every process a previous rack left behind (same pid and start time) and forgets them;
   * returns how many were killed. Each file is handled on its own: one that cannot be read or
   * parsed is logged and left, and the others are still reaped.
   */
  public int reapOrphans() {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> files;
    try (var walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.warn("could not list pid files in {}: {}", dir, e.toString());
      return 0;
    }
    List<ProcessHandle> killed = new ArrayList<>();
    for (Path f : files) {
      try {
        reap(f).ifPresent(killed::add);
      } catch (IOException | RuntimeException e) {
        LOG.warn("pid file {} skipped (expected: \"<pid> <start time>\"): {}", f, e.toString());
      }
    }
    long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
    for (ProcessHandle p : killed) {
      try {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        LOG.warn("process {} left by a previous rack did not exit within {} s of SIGKILL", p.pid(), EXIT_WAIT.toSeconds());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return killed.size();
  }

  /** Kills the process a file names if it is still the same one; deletes the file. */
  private static java.util.Optional<ProcessHandle> reap(Path f) throws IOException {
    if (f.getFileName().toString().endsWith(TEMP_SUFFIX)) {
      // A write cut short: its process was never recorded, and the file is not worth reading.
      Files.deleteIfExists(f);
      return java.util.Optional.empty();
    }
    String[] parts = Files.readString(f, StandardCharsets.UTF_8).strip().split(" ");
    long pid;
    try {
      pid = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      throw new IOException("not a pid: \"" + parts[0] + "\"", e);
    }
    String start = parts.length > 1 ? parts[1] : "";
    java.util.Optional<ProcessHandle> same = ProcessHandle.of(pid)
        .filter(h -> h.info().startInstant().map(i -> i.toString().equals(start)).orElse(false));
    same.ifPresent(h -> ProcessGroups.kill(h.pid()));
    Files.deleteIfExists(f);
    return same;
  }
}
