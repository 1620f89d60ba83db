package io.jrack.rack.embedded;

import io.jrack.files.PrivateFiles;
import io.jrack.runtime.LogSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Each app's log: lines {@code <ISO time> <source> <text>} appended to {@code logs/<app>.log} in the
 * rack's directory (kept across restarts, rotated at {@link #MAX_BYTES}) and pushed to followers.
 */
final class LogHub implements LogSink {
  static final long MAX_BYTES = 16L << 20;

  private final Path dir;
  private final Clock clock;
  private final Map<String, List<Consumer<String>>> followers = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  LogHub(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  @Override
  public void line(String app, String source, String text) {
    String line = clock.instant() + " " + source + " " + text.replace('\n', ' ').replace('\r', ' ');
    synchronized (locks.computeIfAbsent(app, a -> new Object())) {
      Path file = file(app);
      try {
        Files.createDirectories(dir);
        if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
          Files.move(file, dir.resolve(app + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(file)) {
          PrivateFiles.create(file);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
          w.write(line);
          w.write('\n');
        }
      } catch (IOException e) {
        // Logging must never break the rack; the line still reaches followers.
      }
    }
    for (Consumer<String> f : followers.getOrDefault(app, List.of())) {
      f.accept(line);
    }
  }

  /** Lines kept for the app, from {@code since} ago (all when null), oldest first. */
  List<String> history(String app, Duration since) {
    Instant from = since == null ? Instant.EPOCH : clock.instant().minus(since);
    synchronized (locks.computeIfAbsent(app, a -> new Object())) {
      try {
        List<String> out = new java.util.ArrayList<>();
        for (Path f : List.of(dir.resolve(app + ".log.1"), file(app))) {
          if (Files.exists(f)) {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
              if (!timeOf(l).isBefore(from)) {
                out.add(l);
              }
            }
          }
        }
        return out;
      } catch (IOException e) {
        return List.of();
      }
    }
  }

  /** Registers a follower; returns what unregisters it. */
  Runnable follow(String app, Consumer<String> follower) {
    followers.computeIfAbsent(app, a -> new CopyOnWriteArrayList<>()).add(follower);
    return () -> followers.getOrDefault(app, List.of()).remove(follower);
  }

  void delete(String app) {
    synchronized (locks.computeIfAbsent(app, a -> new Object())) {
      try {
        Files.deleteIfExists(file(app));
        Files.deleteIfExists(dir.resolve(app + ".log.1"));
      } catch (IOException e) {
        // Best effort: a leftover log file does no harm.
      }
    }
  }

  private Path file(String app) {
    return dir.resolve(app + ".log");
  }

  private static Instant timeOf(String line) {
    int space = line.indexOf(' ');
    try {
      return Instant.parse(space < 0 ? line : line.substring(0, space));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
