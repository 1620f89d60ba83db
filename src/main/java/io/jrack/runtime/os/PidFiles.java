package io.jrack.runtime.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file per running process ({@code pids/<app>/<id>}: its pid and start time), so that a rack
 * restarted after a crash can stop what the dead rack left running instead of running it twice.
 */
public final class PidFiles {
  private final Path dir;

  public PidFiles(Path dir) {
    this.dir = dir;
  }

  public void write(String app, String id, long pid) {
    try {
      Path d = dir.resolve(app);
      Files.createDirectories(d);
      String start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Object::toString).orElse("");
      Files.writeString(d.resolve(id), pid + " " + start + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Without the file a crash could leave this process behind; the rack still runs.
    }
  }

  public void delete(String app, String id) {
    try {
      Files.deleteIfExists(dir.resolve(app).resolve(id));
    } catch (IOException e) {
      // Harmless: a stale file is checked against the process start time before anything is killed.
    }
  }

  /** Kills every process a previous rack left behind (same pid and start time) and forgets them. */
  public int reapOrphans() {
    int killed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        List<String> parts = List.of(Files.readString(f, StandardCharsets.UTF_8).strip().split(" "));
        long pid = Long.parseLong(parts.get(0));
        String start = parts.size() > 1 ? parts.get(1) : "";
        boolean same = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(i -> i.toString().equals(start)).orElse(false);
        if (same) {
          ProcessGroups.kill(pid);
          killed++;
        }
        Files.deleteIfExists(f);
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable files are skipped; they refer to processes we cannot identify safely.
    }
    return killed;
  }
}
