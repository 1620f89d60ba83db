package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.LogOptions;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code volumes:} and {@code timers:} on the container runtime, end to end: what a release writes
 * to its volume is there after a redeploy; a timer runs every minute as a one-off container with
 * the service's volume, its output in {@code convox logs} as {@code timer/<name>/<id>}; deleting
 * the app deletes its volume.
 */
class VolumesAndTimersTest {
  private static final String PASSWORD = "test-password-1";

  @Test
  void volumeDataSurvivesARedeployAndATimersOutputIsLoggedWithinItsSchedule(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    Path app = TestEngine.resource("stateful");
    Path rackDir = tmp.resolve("rack");
    String rackId = ContainerRuntime.rackId(rackDir, "vt");
    try (RackServer rack = RackServer.builder().name("vt").dir(rackDir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(27300, 27399).runtime("containers").start()) {
      RackClient client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
      client.appCreate("notes");
      Build first = client.buildCreate("notes", SourceTar.of(app), null);
      assertThat(first.status()).as(first.logs()).isEqualTo("complete");
      client.releasePromote("notes", first.release());
      long promoted = System.nanoTime();
      int http = rack.router().httpPort();
      assertThat(RawHttp.get(http, "notes-web.vt.localhost", "/").body()).isEqualTo("started " + first.release() + "\n");

      Build second = client.buildCreate("notes", SourceTar.of(app), null);
      client.releasePromote("notes", second.release());
      assertThat(RawHttp.get(http, "notes-web.vt.localhost", "/").body())
          .isEqualTo("started " + first.release() + "\nstarted " + second.release() + "\n");
      assertThat(engine.volumes(Map.of(ContainerRuntime.LABEL_RACK, rackId, ContainerRuntime.LABEL_APP, "notes"))).containsExactly(rackId + "-notes-data");

      // Every minute: within 70 s of the first promote a tick has run, with the volume, and is in the logs.
      List<String> ticks = new CopyOnWriteArrayList<>();
      long deadline = promoted + Duration.ofSeconds(70).toNanos();
      while (System.nanoTime() < deadline && ticks.isEmpty()) {
        Thread.sleep(1000);
        List<String> lines = new CopyOnWriteArrayList<>();
        client.logs("notes", new LogOptions(Duration.ofMinutes(5), false), lines::add);
        lines.stream().filter(l -> l.contains(" timer/tick/")).forEach(ticks::add);
      }
      System.out.printf("first tick %d ms after the promote: %s%n", (System.nanoTime() - promoted) / 1_000_000, ticks);
      // A timer is a tenant like the services: its root is a host uid of the app's range, not host root.
      assertThat(ticks).isNotEmpty().allSatisfy(l -> {
        assertThat(l).matches(".* timer/tick/tick-[a-z0-9]+ tick of R[A-Z]+ sees 2 starts as host uid \\d+");
        assertThat(Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(UserRanges.FIRST);
      });
      // Its output is logged before the rack removes the ended container: removed within seconds, not at once.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
          assertThat(engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId, ContainerRuntime.LABEL_APP, "notes")))
              .as("the tick's container is removed once it ended").hasSize(1));

      client.appDelete("notes", true);
      assertThat(engine.volumes(Map.of(ContainerRuntime.LABEL_RACK, rackId))).isEmpty();
    } finally {
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.remove(c.id());
      }
      for (String v : engine.volumes(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.removeVolume(v);
      }
      engine.removeNetwork(rackId);
    }
  }
}
