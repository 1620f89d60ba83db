package io.jrack.cli;

import static io.jrack.cli.ScaleTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app whose running release's process crashes again and again is {@code degraded}, with the reason in
 * {@code convox apps info} (and the API's {@code reason}), and {@code running} again once it runs.
 */
class CrashLoopTest {
  @TempDir
  Path tmp;

  @Test
  void aCrashLoopDegradesTheAppWithItsReasonUntilItRunsAgain() throws Exception {
    Path gate = tmp.resolve("gate");
    Files.writeString(gate, "open");
    Path dir = Files.createDirectories(tmp.resolve("flaky"));
    Files.writeString(dir.resolve("convox.yml"), ("services:\n  web:\n    build: .\n    port: 3000\n"
        + "    command: if [ -f %s ]; then exec python3 -m http.server $PORT --bind 127.0.0.1; else echo no gate; exit 3; fi\n").formatted(gate));
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      ok(rack, dir, "apps", "create");
      ok(rack, dir, "deploy");
      assertThat(ok(rack, dir, "apps", "info").lines()).contains("Status   running").noneMatch(l -> l.startsWith("Reason"));

      Files.delete(gate);
      String pid = ok(rack, dir, "ps").lines().get(1).split(" +")[0];
      ok(rack, dir, "ps", "stop", pid);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rack.client.appGet("flaky").status().equals("degraded"));
      assertThat(rack.client.appGet("flaky").reason()).matches("service web: process web-\\S+ crashed \\d+ times in a row .*");
      assertThat(ok(rack, dir, "apps", "info").lines()).contains("Status   degraded").anyMatch(l -> l.matches("Reason   service web: process .* crashed \\d+ times in a row .*"));
      assertThat(ok(rack, dir, "apps").lines()).anyMatch(l -> l.matches("flaky +degraded +R\\S+"));

      Files.writeString(gate, "open");
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rack.client.appGet("flaky").status().equals("running"));
      assertThat(rack.client.appGet("flaky").reason()).isNull();
      assertThat(ok(rack, dir, "logs", "--no-follow").out()).contains("app degraded: service web").contains("app running again");
      // The rack's own lines of every app: convox rack logs.
      assertThat(ok(rack, dir, "rack", "logs", "--no-follow").lines()).isNotEmpty().allMatch(l -> l.matches("\\S+Z system/\\S+/flaky .*"))
          .anyMatch(l -> l.matches("\\S+Z system/rack/flaky app degraded: service web: .*"));
    }
  }
}
