package io.jrack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jrack.rack.Release;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a writer process mid-stream: every write it acknowledged must be there afterwards,
 * whole, and nothing it did not finish may be there in part.
 */
class CrashDurabilityTest {

  static final int ACKS = 300;
  static final String EOF = "\u0000eof";

  @TempDir Path tmp;

  @Test
  @Timeout(15)
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Path dir = tmp.resolve("rack");
    Path stderr = tmp.resolve("child.err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString())
        .redirectError(stderr.toFile())
        .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readLines(child.getInputStream(), lines), "crash-reader");
    reader.setDaemon(true);
    reader.start();
    List<String> acked = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (acked.size() < ACKS) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null || line.equals(EOF)) {
          fail("the writer stopped after " + acked.size() + " acknowledgements: "
              + Files.readString(stderr));
        }
        if (!line.equals("ready")) {
          acked.add(line);
        }
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, mid-write
      child.waitFor(5, TimeUnit.SECONDS);
    }
    reader.join(5_000);
    // Acknowledgements still in the pipe when the kill landed are promises too.
    for (String line = lines.poll(); line != null && !line.equals(EOF); line = lines.poll()) {
      acked.add(line);
    }
    assertThat(child.isAlive()).isFalse();
    assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS);

    try (SqliteStore store = SqliteStore.open(dir)) {
      assertThat(store.pragma("integrity_check")).isEqualTo("ok");
      List<Release> releases = store.releases("crash");
      Set<String> present = releases.stream().map(Release::id).collect(Collectors.toSet());
      assertThat(present).containsAll(acked);
      // At most the one write in flight at the kill is there unacknowledged, and only whole.
      assertThat(releases).hasSizeBetween(acked.size(), acked.size() + 1);
      assertThat(present).isEqualTo(IntStream.range(0, releases.size()).mapToObj(i -> "R" + i)
          .collect(Collectors.toSet()));
      for (Release r : releases) {
        assertThat(r.env()).as(r.id()).hasSize(20);
        assertThat(r.description()).isEqualTo("crash test " + r.id().substring(1));
      }
      // The odd releases were written in a transaction with this parameter: both or neither.
      int lastOdd = (releases.size() - 1) % 2 == 1 ? releases.size() - 1 : releases.size() - 2;
      assertThat(store.params().get("last")).isEqualTo("R" + lastOdd);
    }
  }

  /** Only newline-terminated lines count: a line cut short by the kill was never acknowledged. */
  private static void readLines(InputStream in, BlockingQueue<String> lines) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (in) {
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b == '\n') {
          lines.add(line.toString(StandardCharsets.UTF_8));
          line.reset();
        } else {
          line.write(b);
        }
      }
    } catch (IOException e) {
      // The pipe closing under the kill ends the stream like EOF.
    } finally {
      lines.add(EOF);
    }
  }
}
