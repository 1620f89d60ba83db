package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.Release;
import io.jrack.testing.RackProcess;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rack killed in the middle of a deploy: after restart the deploy is resolved (failed) and visible, the old release serves. */
class InterruptedDeployTest {

  @Test
  void deployCutByARackCrashIsResolvedAtRestart(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("rack");
    String active;
    String interrupted;
    RackProcess first = RackProcess.start(dir);
    try {
      first.client.paramsSet(Map.of("Internal", "Yes"));
      first.client.appCreate("nodedemo");
      Build b = first.client.buildCreate("nodedemo", SourceTar.of(SeedFlowTest.NODEDEMO), null);
      active = first.client.releasePromote("nodedemo", b.release()).id();
      Release next = first.client.envSet("nodedemo", Map.of("NEXT", "1"), false);
      interrupted = next.id();
      Thread promote = Thread.ofVirtual().start(() -> {
        try {
          first.client.releasePromote("nodedemo", next.id());
        } catch (RuntimeException e) {
          // The rack dies under it: expected.
        }
      });
      // The new processes are booting (a JVM takes ~1 s): kill the rack now.
      Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10))
          .until(() -> first.client.processList("nodedemo").size() > 2);
      first.crash();
      promote.join(10_000);
    } finally {
      first.crash();
    }
    try (RackProcess second = RackProcess.start(dir)) {
      Release r = second.client.releaseGet("nodedemo", interrupted);
      assertThat(r.status()).isEqualTo("failed");
      assertThat(r.description()).contains("interrupted by a rack restart");
      assertThat(second.client.appGet("nodedemo").release()).isEqualTo(active);
      assertThat(second.client.releaseGet("nodedemo", active).status()).isEqualTo("active");
      assertThat(RawHttp.get(second.httpPort, "nodedemo-web.dev.localhost", "/env").body()).doesNotContain("NEXT=1").contains("RELEASE=" + active);
      assertThat(second.client.processList("nodedemo")).hasSize(2);
    }
    assertThat(Orphans.under(dir.toRealPath())).isEmpty();
  }
}
