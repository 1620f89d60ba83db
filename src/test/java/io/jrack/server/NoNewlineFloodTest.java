package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service printing 200 MB without a newline (the 3 GB of issue 14, scaled down) costs the rack a
 * bounded amount of memory and of log file: its output is cut at 8192 bytes while it is read.
 */
class NoNewlineFloodTest {
  private static final long FLOOD = 200_000_000L;
  private static final long BOUND = 64L << 20;

  @Test
  void aServicePrintingHundredsOfMegabytesWithoutANewlineCostsBoundedMemoryAndLog(@TempDir Path tmp) throws Exception {
    Path go = tmp.resolve("go");
    Path src = Files.createDirectories(tmp.resolve("flood"));
    Files.writeString(src.resolve("flood.sh"), """
        echo waiting
        while [ ! -e '%s' ]; do sleep 0.05; done
        head -c %d /dev/zero | tr '\\0' x
        echo
        echo flood done
        exec sleep 600
        """.formatted(go, FLOOD));
    Files.writeString(src.resolve("convox.yml"), "services:\n  flood:\n    build: .\n    command: sh flood.sh\n");

    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("flood");
      Build build = rack.client.buildCreate("flood", SourceTar.of(src), null);
      rack.client.releasePromote("flood", build.release());
      Path log = tmp.resolve("rack/logs/flood.log");
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> tail(log).contains("flood/") && tail(log).contains(" waiting"));

      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      long rssBefore = rss();
      AtomicLong heapPeak = new AtomicLong(heapBefore);
      AtomicLong rssPeak = new AtomicLong(rssBefore);
      Thread sampler = Thread.ofPlatform().daemon().start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          rssPeak.accumulateAndGet(rss(), Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      long started = System.nanoTime();
      Files.createFile(go);
      Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> tail(log).contains("flood done"));
      long millis = (System.nanoTime() - started) / 1_000_000;
      sampler.interrupt();
      sampler.join();

      long heapGrowth = heapPeak.get() - heapBefore;
      long rssGrowth = rssPeak.get() - rssBefore;
      long size = Files.size(log);
      System.out.printf("%d MB without a newline read in %d ms: heap grew %.1f MB at most, RSS %.1f MB; log file %d bytes%n",
          FLOOD / 1_000_000, millis, heapGrowth / 1048576.0, rssGrowth / 1048576.0, size);
      assertThat(heapGrowth).as("heap growth").isLessThan(BOUND);
      assertThat(rssGrowth).as("RSS growth").isLessThan(BOUND);
      assertThat(size).isLessThanOrEqualTo(16L << 20);
      assertThat(Files.readString(log)).contains(" " + "x".repeat(8192) + " ... [line cut at 8192 bytes]\n").doesNotContain("x".repeat(8193));
    }
  }

  /** The last 4 KB of the file: cheap, whatever the file holds. */
  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, f.length() - 4096);
      byte[] b = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // No /proc: RSS is not measured.
    }
    return 0;
  }
}
