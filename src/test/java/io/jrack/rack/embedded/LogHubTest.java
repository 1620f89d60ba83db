package io.jrack.rack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.LogOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@link LogHub} on a temporary directory: writing, rotation, followers, drops, deletion, failures. */
class LogHubTest {
  private static final LogLimits ROOMY = new LogLimits(1L << 20, 1L << 30, 1L << 30, 1L << 20);

  @TempDir
  Path tmp;

  private final TestClock clock = new TestClock();
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  private LogHub hub(Path dir, LogLimits limits) {
    return new LogHub(dir, clock, limits, warnings::add);
  }

  private static List<String> history(LogHub hub, String app, Duration since) throws InterruptedException {
    List<String> out = new ArrayList<>();
    hub.stream(app, new LogOptions(since, false), out::add);
    return out;
  }

  private static List<String> texts(List<String> lines) {
    return lines.stream().map(l -> l.substring(l.indexOf(' ', l.indexOf(' ') + 1) + 1)).toList();
  }

  @Test
  void appendsPrivateLinesAndReadsThemBack() throws Exception {
    LogHub hub = hub(tmp, ROOMY);
    hub.line("shop", "web/1", "hello");
    hub.line("shop", "web/1", "two\nlines");
    assertThat(history(hub, "shop", null)).containsExactly("2030-01-01T00:00:00Z web/1 hello", "2030-01-01T00:00:00Z web/1 two lines");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("shop.log")))).isEqualTo("rw-------");
    assertThat(history(hub, "other", null)).isEmpty();
  }

  @Test
  void rotatesBeforeALineWouldPassTheBoundAndKeepsOnePreviousFile() throws Exception {
    LogHub hub = hub(tmp, new LogLimits(4096, 1L << 30, 1L << 30, 1L << 20));
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String text = "line %03d %s".formatted(i, "y".repeat(i % 90));
      hub.line("shop", "web/1", text);
      written.add(text);
      assertThat(Files.size(tmp.resolve("shop.log"))).isLessThanOrEqualTo(4096);
    }
    assertThat(Files.size(tmp.resolve("shop.log.1"))).isBetween(4096L - 150, 4096L);
    List<String> kept = texts(history(hub, "shop", null));
    // The newest lines, in order, none missing: the previous file then the current one.
    assertThat(kept).hasSizeGreaterThan(50);
    assertThat(kept).isEqualTo(written.subList(written.size() - kept.size(), written.size()));
  }

  @Test
  void aRestartedHubAppendsToTheFileAndCountsItsSize() throws Exception {
    LogLimits small = new LogLimits(1000, 1L << 30, 1L << 30, 1L << 20);
    LogHub first = hub(tmp, small);
    for (int i = 0; i < 10; i++) {
      first.line("shop", "web/1", "x".repeat(60));
    }
    first.close();
    long before = Files.size(tmp.resolve("shop.log"));
    LogHub second = hub(tmp, small);
    for (int i = 0; i < 10; i++) {
      second.line("shop", "web/1", "x".repeat(60));
      assertThat(Files.size(tmp.resolve("shop.log"))).isLessThanOrEqualTo(1000);
    }
    assertThat(before).isGreaterThan(0);
    assertThat(Files.exists(tmp.resolve("shop.log.1"))).isTrue();
  }

  @Test
  void sinceFiltersByTimeAndOneReachingBefore1970MeansEverything() throws Exception {
    LogHub hub = hub(tmp, ROOMY);
    hub.line("shop", "web/1", "old");
    clock.advance(Duration.ofMinutes(10));
    hub.line("shop", "web/1", "new");
    assertThat(texts(history(hub, "shop", Duration.ofMinutes(5)))).containsExactly("new");
    assertThat(texts(history(hub, "shop", Duration.ofHours(9_999_999_999_999L)))).containsExactly("old", "new");
    assertThat(texts(history(hub, "shop", Duration.ofSeconds(Long.MAX_VALUE)))).containsExactly("old", "new");
  }

  @Test
  void aFollowerSeesEachLineOnceAndClosingUnregistersIt() throws Exception {
    LogHub hub = hub(tmp, ROOMY);
    hub.line("shop", "web/1", "before");
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread follower = Thread.ofVirtual().start(() -> {
      try {
        hub.stream("shop", new LogOptions(null, true), seen::add);
      } catch (InterruptedException e) {
        // The follower left.
      }
    });
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hub.followers("shop") == 1);
    hub.line("shop", "web/1", "after");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
    assertThat(texts(seen)).containsExactly("before", "after");

    follower.interrupt(); // What the API does when the follower's connection is gone.
    follower.join(5000);
    assertThat(follower.isAlive()).isFalse();
    assertThat(hub.followers("shop")).isZero();

    LogSubscription s = hub.follow("shop");
    assertThat(hub.followers("shop")).isOne();
    s.close();
    assertThat(hub.followers("shop")).isZero();
    assertThat(s.take()).isNull();
  }

  @Test
  void aSlowFollowerIsToldHowManyLinesItMissedWhereItMissedThem() throws Exception {
    LogHub hub = hub(tmp, new LogLimits(1L << 20, 1L << 30, 1L << 30, 2000));
    try (LogSubscription s = hub.follow("shop")) {
      for (int i = 0; i < 100; i++) {
        hub.line("shop", "web/1", "line %03d".formatted(i));
      }
      List<String> got = new ArrayList<>();
      for (String l; got.size() < 100 && (l = s.take()) != null; ) {
        got.add(l);
        if (l.contains("dropped")) {
          break;
        }
      }
      String marker = got.getLast();
      List<String> before = texts(got.subList(0, got.size() - 1));
      assertThat(before).hasSizeBetween(10, 90);
      for (int i = 0; i < before.size(); i++) {
        assertThat(before.get(i)).isEqualTo("line %03d".formatted(i));
      }
      assertThat(marker).endsWith("system/rack ... %d lines dropped (this follower read too slowly)".formatted(100 - before.size()));
      hub.line("shop", "web/1", "later");
      assertThat(texts(List.of(s.take()))).containsExactly("later");
    }
    assertThat(texts(history(hub, "shop", null))).hasSize(101);
  }

  @Test
  void linesOverTheAppsRateAreDroppedAndCounted() throws Exception {
    LogHub hub = hub(tmp, new LogLimits(1L << 20, 1000, 2000, 1L << 20));
    for (int i = 0; i < 100; i++) {
      hub.line("shop", "web/1", "z".repeat(70));
    }
    clock.advance(Duration.ofSeconds(10));
    hub.line("shop", "web/1", "calm again");
    List<String> kept = texts(history(hub, "shop", null));
    assertThat(kept).last().isEqualTo("calm again");
    String marker = kept.get(kept.size() - 2);
    int admitted = kept.size() - 2;
    assertThat(admitted).isBetween(15, 25);
    assertThat(marker).isEqualTo("... %d lines dropped (the app logged more than 1000 bytes/s)".formatted(100 - admitted));
  }

  @Test
  void aDeletedAppsLogsGoAndACreatedAgainAppStartsEmpty() throws Exception {
    LogHub hub = hub(tmp, new LogLimits(200, 1L << 30, 1L << 30, 1L << 20));
    for (int i = 0; i < 10; i++) {
      hub.line("shop", "web/1", "old secret " + i);
    }
    LogSubscription s = hub.follow("shop");
    hub.delete("shop");
    assertThat(s.take()).isNull();
    assertThat(hub.followers("shop")).isZero();
    assertThat(tmp.resolve("shop.log")).doesNotExist();
    assertThat(tmp.resolve("shop.log.1")).doesNotExist();

    hub.line("shop", "web/1", "late line of the deleted app");
    assertThat(tmp.resolve("shop.log")).doesNotExist();
    hub.created("shop");
    hub.line("shop", "web/1", "new app");
    assertThat(texts(history(hub, "shop", null))).containsExactly("app created", "new app");
  }

  @Test
  void aFileThatCannotBeWrittenGivesOneWarningPerStreakAndAMarkerOnceItWorks() throws Exception {
    Path base = tmp.resolve("base");
    Files.writeString(base, "a regular file where the log directory's parent should be");
    Path dir = base.resolve("logs");
    LogHub hub = hub(dir, new LogLimits(300, 1L << 30, 1L << 30, 1L << 20));
    try (LogSubscription s = hub.follow("shop")) {
      for (int i = 0; i < 50; i++) {
        hub.line("shop", "web/1", "lost " + i);
      }
      assertThat(warnings).hasSize(1);
      assertThat(warnings.getFirst()).contains("logs of app shop: cannot write " + dir.resolve("shop.log"));
      assertThat(texts(List.of(s.take()))).containsExactly("lost 0"); // followers still get the lines
    }

    Files.delete(base);
    Files.createDirectories(dir);
    hub.line("shop", "web/1", "kept");
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(1)).contains("writing " + dir.resolve("shop.log") + " again; 50 lines were not kept");
    assertThat(texts(history(hub, "shop", null))).containsExactly("... 50 lines dropped (the log file could not be written)", "kept");

    // Breaks again within the minute: counted, not warned again (the writer is open, so the next rotation fails).
    breakDirectory(base);
    for (int i = 0; i < 20; i++) {
      hub.line("shop", "web/1", "x".repeat(40));
    }
    assertThat(warnings).hasSize(2);
    repairDirectory(base, dir);
    hub.line("shop", "web/1", "kept again");
    assertThat(warnings).hasSize(2);

    clock.advance(Duration.ofMinutes(2));
    breakDirectory(base);
    for (int i = 0; i < 20; i++) {
      hub.line("shop", "web/1", "x".repeat(40));
    }
    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(2)).contains("cannot write");
  }

  private static void breakDirectory(Path base) throws Exception {
    try (var files = Files.walk(base)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Files.writeString(base, "regular file again");
  }

  private static void repairDirectory(Path base, Path dir) throws Exception {
    Files.delete(base);
    Files.createDirectories(dir);
  }

  @Test
  void historyIsReadWithoutHoldingTheWritersLock() throws Exception {
    LogHub hub = hub(tmp, ROOMY);
    for (int i = 0; i < 1000; i++) {
      hub.line("shop", "web/1", "line " + i);
    }
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        hub.stream("shop", new LogOptions(null, false), line -> {
          seen.add(line);
          reading.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
    Thread writer = Thread.ofVirtual().start(() -> hub.line("shop", "web/1", "written while a reader is stuck"));
    writer.join(2000);
    assertThat(writer.isAlive()).as("a line waits for a history reader").isFalse();
    release.countDown();
    reader.join(5000);
    assertThat(seen).hasSize(1000); // the history as it was when the read began
  }

  @Test
  void longTextsAreCutWithAMarker() throws Exception {
    LogHub hub = hub(tmp, ROOMY);
    hub.line("shop", "build/1", "w".repeat(20_000));
    assertThat(texts(history(hub, "shop", null))).containsExactly("w".repeat(8192) + " ... [line cut at 8192 bytes]");
  }

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
