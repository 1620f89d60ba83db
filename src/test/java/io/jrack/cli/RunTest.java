package io.jrack.cli;

import static io.jrack.cli.ScaleTest.cli;
import static io.jrack.cli.ScaleTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.testing.TestRack;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convox run} through the real CLI against a real rack: a new process of the service (its
 * release's directory and environment), listed while it runs, its output in the logs, the exit code
 * passed through when attached; {@code --detach} leaves it running in the background.
 */
class RunTest {
  @TempDir
  Path tmp;

  static List<String> ps(TestRack rack, Path dir) {
    return ok(rack, dir, "ps").lines();
  }

  @Test
  void runStartsARealProcessOfTheServicesRelease() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("runner"));
    Files.writeString(dir.resolve("convox.yml"), ScaleTest.MANIFEST.formatted("    environment:\n      - GREETING=hello\n"));
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      ok(rack, dir, "apps", "create");
      ok(rack, dir, "deploy");
      String release = rack.client.appGet("runner").release();
      String web = ps(rack, dir).get(1).split(" +")[0];

      // Attached: stdin in, output out, the exit code passed through; the process is gone after.
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CliContext ctx = new CliContext(Map.of("RACK_URL", rack.rackUrl(), "JRACK_HOME", tmp.resolve("home").toString()), dir)
          .withStdin(new ByteArrayInputStream("from stdin\n".getBytes(StandardCharsets.UTF_8)));
      int code = Main.run(ctx, new PrintWriter(out), new PrintWriter(err), "run", "web", "cat; echo $GREETING; ls; exit 7");
      assertThat(code).as(err.toString()).isEqualTo(7);
      assertThat(out.toString()).startsWith("from stdin\nhello\n").contains("convox.yml\n");
      assertThat(ps(rack, dir)).hasSize(2);

      // Detached: listed (its command, the running release) while it runs, stopped by ps stop.
      String started = ok(rack, dir, "run", "--detach", "web", "sleep 60").out();
      assertThat(started).matches("Running detached process\\.\\.\\. OK, web-run-[0-9a-z]+\n");
      String pid = started.substring(started.indexOf("OK, ") + 4).strip();
      List<String> listed = ps(rack, dir);
      assertThat(listed).hasSize(3).anyMatch(l -> l.matches(pid + " +web +running +" + release + " +.*sleep 60"));
      assertThat(listed).anyMatch(l -> l.startsWith(web + " "));
      assertThat(ok(rack, dir, "ps", "info", pid).lines()).contains("Id        " + pid, "Status    running");
      assertThat(ok(rack, dir, "ps", "stop", pid).out()).isEqualTo("Stopping " + pid + "... OK\n");
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ps(rack, dir).size() == 2);

      // Its output goes to the logs, under its own source; how it ended, as the rack's line.
      String said = ok(rack, dir, "run", "-d", "web", "echo $GREETING from the background; exit 4").out();
      String pid2 = said.substring(said.indexOf("OK, ") + 4).strip();
      Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ok(rack, dir, "logs", "--no-follow").lines())
          .anyMatch(l -> l.matches("\\S+Z service/web/" + pid2 + " hello from the background"))
          .anyMatch(l -> l.matches("\\S+Z system/rack web/" + pid2 + " exited with code 4")));
      assertThat(ps(rack, dir)).hasSize(2);

      assertThat(cli(rack, dir, "run", "nosuch", "true").err()).isEqualTo("ERROR: no such service: nosuch (app runner)\n");
    }
  }
}
