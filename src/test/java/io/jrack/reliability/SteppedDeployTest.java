package io.jrack.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.testing.Load;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deployment.minimum/maximum bound a rolling deploy: never more running, never fewer healthy, than allowed. */
class SteppedDeployTest {

  @Test
  void deploymentBoundsAreKeptWhileNothingIsDropped(@TempDir Path tmp) throws Exception {
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.copy(ReliabilityTest.NODEDEMO.resolve("Api.java"), app.resolve("Api.java"));
    Files.writeString(app.resolve("convox.yml"), """
        services:
          api:
            build: .
            port: 3000
            command: java Api.java
            scale: 2
            deployment:
              minimum: 50
              maximum: 150
          solo:
            build: .
            port: 3000
            command: java Api.java
            singleton: true
        """);
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("steps");
      Build b = rack.client.buildCreate("steps", SourceTar.of(app), null);
      rack.client.releasePromote("steps", b.release());

      Map<String, Integer> most = new ConcurrentHashMap<>();
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = Thread.ofVirtual().start(() -> {
        while (sampling.get()) {
          List<ProcessInfo> ps = rack.client.processList("steps");
          for (String service : List.of("api", "solo")) {
            int n = (int) ps.stream().filter(p -> p.service().equals(service)).count();
            most.merge(service, n, Math::max);
          }
        }
      });
      Load load = new Load(4, rack.http(), "steps-api.dev.localhost", "/", "\"service\":\"api\"");
      try (load) {
        var r = rack.client.envSet("steps", Map.of("ROUND", "1"), false);
        long t0 = System.nanoTime();
        rack.client.releasePromote("steps", r.id());
        System.out.printf("stepped deploy took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      } finally {
        sampling.set(false);
        sampler.join(5000);
      }
      System.out.printf("stepped deploy: most processes seen api=%d (max 150%% of 2), solo=%d (singleton); %d requests ok, %d failed %s%n",
          most.get("api"), most.get("solo"), load.ok(), load.failed(), load.reasons());
      assertThat(most.get("api")).isLessThanOrEqualTo(3);
      assertThat(most.get("solo")).isEqualTo(1);
      assertThat(load.failed()).as(load.reasons().toString()).isZero();
      assertThat(load.ok()).isGreaterThan(100);
      assertThat(rack.client.processList("steps")).hasSize(3);
    }
  }
}
