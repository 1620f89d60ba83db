package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.testing.TestRack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convox scale} through the real CLI against a real rack: the count changes what runs (processes
 * added and removed while the others run on), survives a deploy and a rack restart, gives way to a
 * manifest that changes it; cpu and memory are kept and shown.
 */
class ScaleTest {
  /** A service that starts in a blink: Python's file server on its port. */
  static final String MANIFEST = "services:\n  web:\n    build: .\n    port: 3000\n    command: exec python3 -m http.server $PORT --bind 127.0.0.1\n%s";

  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run cli(TestRack rack, Path dir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = Map.of("RACK_URL", rack.rackUrl(), "JRACK_HOME", dir.resolveSibling("home").toString());
    int code = Main.run(new CliContext(env, dir), new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run ok(TestRack rack, Path dir, String... args) {
    Run r = cli(rack, dir, args);
    assertThat(r.code()).as("convox %s: %s%s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  /** The ids of web's processes that {@code convox ps} lists as running. */
  static List<String> running(TestRack rack, Path dir) {
    return ok(rack, dir, "ps").lines().stream().skip(1).filter(l -> l.split(" +")[2].equals("running")).map(l -> l.split(" +")[0]).toList();
  }

  @Test
  void scaleChangesTheCountAndKeepsItAcrossDeploysAndRestartsUntilTheManifestChangesIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("scaled"));
    Files.writeString(dir.resolve("convox.yml"), MANIFEST.formatted(""));
    Path rackDir = tmp.resolve("rack");
    try (TestRack rack = TestRack.start(rackDir)) {
      ok(rack, dir, "apps", "create");
      ok(rack, dir, "deploy");
      List<String> first = running(rack, dir);
      assertThat(first).hasSize(1);

      assertThat(ok(rack, dir, "scale", "web", "--count", "3").out()).isEqualTo("Scaling web... OK\n");
      List<String> three = running(rack, dir);
      assertThat(three).hasSize(3).as("the running process was kept").contains(first.get(0));
      assertThat(ok(rack, dir, "scale").lines()).containsExactly("SERVICE  DESIRED  RUNNING  CPU  MEMORY", "web      3        3        256  512");
      assertThat(rack.server.router().httpPort()).isPositive();

      // --wait, as users script it with Convox's client: back once the count runs.
      assertThat(ok(rack, dir, "scale", "web", "--count", "2", "--wait").out()).isEqualTo("Scaling web... OK\n");
      List<String> two = running(rack, dir);
      assertThat(two).hasSize(2);
      assertThat(three).containsAll(two);

      // Bad values say the value and the rule; nothing changes.
      assertThat(cli(rack, dir, "scale", "web", "--count", "-1").err()).isEqualTo("ERROR: count: -1 (expected: 0-100 processes)\n");
      assertThat(cli(rack, dir, "scale", "web", "--memory", "0").err()).isEqualTo("ERROR: memory: 0 (expected: megabytes, 1 or more)\n");
      assertThat(cli(rack, dir, "scale", "nosuch", "--count", "2").err()).isEqualTo("ERROR: no such service: nosuch (app scaled)\n");

      // A deploy of the same manifest keeps the count.
      ok(rack, dir, "deploy");
      assertThat(running(rack, dir)).hasSize(2).doesNotContainAnyElementsOf(two);
    }
    // So does a restart of the rack.
    try (TestRack rack = TestRack.start(rackDir)) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> running(rack, dir).size() == 2);
      assertThat(ok(rack, dir, "scale").lines()).contains("web      2        2        256  512");

      // cpu and memory: kept and shown, the release deployed again with them; the count stays.
      ok(rack, dir, "scale", "web", "--cpu", "512", "--memory", "1024");
      assertThat(ok(rack, dir, "scale").lines()).contains("web      2        2        512  1024");

      // A manifest that changes the count replaces convox scale's; the cpu it did not change stays.
      Files.writeString(dir.resolve("convox.yml"), MANIFEST.formatted("    scale:\n      count: 3\n"));
      ok(rack, dir, "deploy");
      assertThat(running(rack, dir)).hasSize(3);
      assertThat(ok(rack, dir, "scale").lines()).contains("web      3        3        512  1024");
      assertThat(ok(rack, dir, "logs", "--no-follow").out()).contains("scale of web: convox.yml changed it");
    }
  }
}
