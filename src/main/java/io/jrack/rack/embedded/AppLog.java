package io.jrack.rack.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One app's log: {@code <app>.log}, open for appending while the rack runs, its size kept in memory,
 * rotated to {@code <app>.log.1} before a line would take it past {@link LogLimits#fileBytes()}; and
 * the app's followers. Lines are written and passed on under this object's lock, so a follower that
 * joins sees each line exactly once, in the history or live. A file that cannot be written costs
 * the lines (followers still get them), one warning per failure streak, and a marker once it works again.
 */
final class AppLog {
  private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final String app;
  private final Path dir;
  private final LogLimits limits;
  private final Clock clock;
  private final Consumer<String> warnings;
  private final List<LogSubscription> followers = new CopyOnWriteArrayList<>();
  private FileChannel out;
  private long size;
  private double tokens;
  private Instant refilled;
  private long overRate;
  private long unwritten;
  private boolean failing;
  private boolean warned;
  private Instant lastWarning;
  private boolean closed;

  AppLog(String app, Path dir, LogLimits limits, Clock clock, Consumer<String> warnings) {
    this.app = app;
    this.dir = dir;
    this.limits = limits;
    this.clock = clock;
    this.warnings = warnings;
    this.tokens = limits.burstBytes();
    this.refilled = clock.instant();
  }

  static Path file(Path dir, String app) {
    return dir.resolve(app + ".log");
  }

  static Path previous(Path dir, String app) {
    return dir.resolve(app + ".log.1");
  }

  static String droppedLine(Instant at, long count, String why) {
    return "%s system/rack ... %d line%s dropped (%s)".formatted(at, count, count == 1 ? "" : "s", why);
  }

  synchronized void append(String line) {
    if (closed) {
      return;
    }
    if (!admit(line.length() + 1)) {
      overRate++;
      return;
    }
    if (overRate > 0) {
      publish(droppedLine(clock.instant(), overRate, "the app logged more than %d bytes/s".formatted(limits.bytesPerSecond())));
      overRate = 0;
    }
    publish(line);
  }

  /** Registers {@code follower} and returns the history up to this moment, so no line is missed or repeated. */
  synchronized LogHistory follow(LogSubscription follower) throws IOException {
    LogHistory history = history();
    if (closed) {
      follower.end();
    } else {
      followers.add(follower);
    }
    return history;
  }

  void unfollow(LogSubscription follower) {
    followers.remove(follower);
  }

  int followers() {
    return followers.size();
  }

  /** The files as they are now, opened for reading, so reading them needs no lock. */
  synchronized LogHistory history() throws IOException {
    List<FileChannel> channels = new ArrayList<>();
    List<Long> lengths = new ArrayList<>();
    try {
      for (Path f : List.of(previous(dir, app), file(dir, app))) {
        if (Files.exists(f)) {
          FileChannel c = FileChannel.open(f, StandardOpenOption.READ);
          channels.add(c);
          lengths.add(c.size());
        }
      }
    } catch (IOException e) {
      for (FileChannel c : channels) {
        c.close();
      }
      throw e;
    }
    return new LogHistory(channels, lengths);
  }

  /** The app is gone: its files go, its followers' streams end, and lines still coming are dropped. */
  synchronized void delete() throws IOException {
    close();
    deleteFiles(dir, app);
  }

  static void deleteFiles(Path dir, String app) throws IOException {
    Files.deleteIfExists(file(dir, app));
    Files.deleteIfExists(previous(dir, app));
  }

  synchronized void close() {
    closed = true;
    closeFile();
    for (LogSubscription f : followers) {
      f.end();
    }
    followers.clear();
  }

  private boolean admit(long cost) {
    Instant now = clock.instant();
    double seconds = Math.max(0, Duration.between(refilled, now).toNanos() / 1e9);
    tokens = Math.min(limits.burstBytes(), tokens + seconds * limits.bytesPerSecond());
    refilled = now;
    if (tokens < cost) {
      return false;
    }
    tokens -= cost;
    return true;
  }

  private void publish(String line) {
    write(line);
    for (LogSubscription f : followers) {
      f.offer(line);
    }
  }

  private void write(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (out == null) {
        open();
      }
      if (unwritten > 0) {
        byte[] marker = (droppedLine(clock.instant(), unwritten, "the log file could not be written") + "\n").getBytes(StandardCharsets.UTF_8);
        writeFully(marker);
      }
      writeFully(bytes);
      if (failing) {
        failing = false;
        if (warned) {
          warnings.accept("logs of app %s: writing %s again; %d lines were not kept".formatted(app, file(dir, app), unwritten));
        }
      }
      unwritten = 0;
    } catch (IOException | RuntimeException e) {
      closeFile();
      unwritten++;
      if (!failing) {
        failing = true;
        Instant now = clock.instant();
        warned = lastWarning == null || !now.isBefore(lastWarning.plus(WARNING_INTERVAL));
        if (warned) {
          lastWarning = now;
          warnings.accept("logs of app %s: cannot write %s (%s); lines reach followers but are not kept until it works again"
              .formatted(app, file(dir, app), e));
        }
      }
    }
  }

  private void writeFully(byte[] bytes) throws IOException {
    if (size > 0 && size + bytes.length > limits.fileBytes()) {
      rotate();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      size += out.write(buffer);
    }
  }

  private void open() throws IOException {
    Files.createDirectories(dir);
    out = FileChannel.open(file(dir, app), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), OWNER_ONLY);
    size = out.size();
  }

  private void rotate() throws IOException {
    closeFile();
    Files.move(file(dir, app), previous(dir, app), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  private void closeFile() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // Closing after a failed write: the failure is already reported.
      }
      out = null;
    }
  }
}
