package io.jrack.rack.embedded;

import io.jrack.rack.LogOptions;
import io.jrack.runtime.LineSplitter;
import io.jrack.runtime.LogSink;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each app's log: lines {@code <ISO time> <source> <text>} in {@code logs/<app>.log} in the rack's
 * directory (kept across restarts; see {@link AppLog} for writing and rotation, {@link LogLimits}
 * for the bounds), passed on to followers. Texts longer than {@link LineSplitter#MAX_LINE_BYTES}
 * are cut. A deleted app's logs go with it; lines that still come for it are dropped until an app
 * of that name is {@linkplain #created created} again.
 */
public final class LogHub implements LogSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogHub.class);

  private final Path dir;
  private final Clock clock;
  private final LogLimits limits;
  private final Consumer<String> warnings;
  private final Map<String, AppLog> apps = new ConcurrentHashMap<>();
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Logs under {@code dir}, with the {@linkplain LogLimits#DEFAULT default limits}; problems go to the rack's own log. */
  public LogHub(Path dir, Clock clock) {
    this(dir, clock, LogLimits.DEFAULT, LOG::warn);
  }

  LogHub(Path dir, Clock clock, LogLimits limits, Consumer<String> warnings) {
    this.dir = dir;
    this.clock = clock;
    this.limits = limits;
    this.warnings = warnings;
  }

  @Override
  public void line(String app, String source, String text) {
    AppLog log = log(app);
    if (log != null) {
      String clean = LineSplitter.cut(text, LineSplitter.MAX_LINE_BYTES).replace('\n', ' ').replace('\r', ' ');
      log.append(clock.instant() + " " + source + " " + clean);
    }
  }

  /** An app of this name exists (again): its lines are kept from now on. */
  void created(String app) {
    deleted.remove(app);
    line(app, "system/rack", "app created");
  }

  /** Streams the lines {@code options} asks for until they end: the history, then (following) new lines until the app is deleted or the rack stops. */
  void stream(String app, LogOptions options, Consumer<String> sink) throws InterruptedException {
    Instant from = from(options.since(), clock.instant());
    AppLog log = log(app);
    if (log == null) {
      return;
    }
    if (!options.follow()) {
      read(app, log::history, from, sink);
      return;
    }
    try (LogSubscription follower = new LogSubscription(log, limits.followerQueueBytes(), clock)) {
      read(app, () -> log.follow(follower), from, sink);
      for (String line; (line = follower.take()) != null; ) {
        sink.accept(line);
      }
    }
  }

  private interface Snapshot {
    LogHistory take() throws IOException;
  }

  private void read(String app, Snapshot snapshot, Instant from, Consumer<String> sink) throws InterruptedException {
    try (LogHistory history = snapshot.take()) {
      history.read(from, sink);
    } catch (ClosedByInterruptException e) {
      throw new InterruptedException("interrupted while reading the logs of " + app);
    } catch (IOException e) {
      warnings.accept("logs of app %s: cannot read them in %s (%s)".formatted(app, dir, e));
    }
  }

  /** A new follower of {@code app}, registered now; closing it unregisters it. */
  LogSubscription follow(String app) throws IOException {
    AppLog log = log(app);
    if (log == null) {
      throw new IllegalStateException("app deleted: " + app);
    }
    LogSubscription follower = new LogSubscription(log, limits.followerQueueBytes(), clock);
    log.follow(follower).close();
    return follower;
  }

  int followers(String app) {
    AppLog log = apps.get(app);
    return log == null ? 0 : log.followers();
  }

  /** The app was deleted: its log files go, its followers' streams end. */
  void delete(String app) {
    deleted.add(app);
    AppLog log = apps.remove(app);
    try {
      if (log != null) {
        log.delete();
      } else {
        AppLog.deleteFiles(dir, app);
      }
    } catch (IOException e) {
      warnings.accept("logs of app %s: cannot delete them in %s (%s); an app created again by this name would see them".formatted(app, dir, e));
    }
  }

  /** The first instant {@code since} ago asks for; a duration reaching before 1970 asks for everything kept. */
  static Instant from(Duration since, Instant now) {
    if (since == null || since.compareTo(Duration.between(Instant.EPOCH, now)) >= 0) {
      return Instant.EPOCH;
    }
    return now.minus(since);
  }

  private AppLog log(String app) {
    if (closed) {
      return null;
    }
    return apps.computeIfAbsent(app, a -> deleted.contains(a) ? null : new AppLog(a, dir, limits, clock, warnings));
  }

  @Override
  public void close() {
    closed = true;
    apps.values().forEach(AppLog::close);
  }
}
