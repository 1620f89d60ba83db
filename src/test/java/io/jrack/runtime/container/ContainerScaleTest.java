package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ThisMachine;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import io.jrack.testing.SourceTar;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convox scale}, {@code ps} and {@code restart} on the container runtime, through the API:
 * scaling web adds a container of web and touches nothing else (api's container and web's first one run
 * on); a process without {@code command:} shows its image's command; a requested restart is logged as one.
 */
class ContainerScaleTest {
  private static final String PASSWORD = "test-password-1";

  @Test
  void scalingOneServiceLeavesEveryOtherContainerRunning(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    Path rackDir = tmp.resolve("rack");
    try (RackServer rack = RackServer.builder().name("cs").dir(rackDir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(27400, 27499).runtime("containers").start()) {
      RackClient client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
      client.paramsSet(Map.of("Internal", "Yes"));
      client.appCreate("shop");
      Build build = client.buildCreate("shop", SourceTar.of(TestEngine.resource("twoservice")), null);
      assertThat(build.status()).as(build.logs()).isEqualTo("complete");
      client.releasePromote("shop", build.release());
      List<ProcessInfo> before = client.processList("shop");
      ProcessInfo api = only(before, "api");
      ProcessInfo web = only(before, "web");

      // ps: no command: in convox.yml, so the image's CMD.
      assertThat(web.command()).isEqualTo("perl web.pl");
      assertThat(api.command()).isEqualTo("perl api.pl");

      client.serviceUpdate("shop", "web", 2, null, null);
      List<ProcessInfo> after = client.processList("shop");
      assertThat(after).filteredOn(p -> p.service().equals("api")).singleElement()
          .satisfies(p -> assertThat(p).isEqualTo(api));
      assertThat(after).filteredOn(p -> p.service().equals("web")).hasSize(2).contains(web)
          .allSatisfy(p -> assertThat(p.release()).isEqualTo(build.release()));
      assertThat(client.appGet("shop").release()).isEqualTo(build.release());

      // ps info's instance: this machine, as convox instances lists it.
      assertThat(client.instanceList()).singleElement().satisfies(i -> {
        assertThat(i.id()).isEqualTo(ThisMachine.ID);
        assertThat(i.processes()).isEqualTo(4); // api, two web, the rack
      });

      // restart api: logged as asked for, not as a crash.
      client.serviceRestart("shop", "api");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && client.processList("shop").stream()
          .noneMatch(p -> p.service().equals("api") && !p.id().equals(api.id()) && p.status().equals("running"))) {
        Thread.sleep(100);
      }
      List<String> lines = new ArrayList<>();
      client.logs("shop", LogOptions.ALL, lines::add);
      assertThat(lines).anyMatch(l -> l.contains("system/rack api/" + api.id() + " stopped on request; starting a new one"))
          .noneMatch(l -> l.contains("api/" + api.id() + " exited"));
    } finally {
      String rackId = ContainerRuntime.rackId(rackDir, "cs");
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.remove(c.id());
      }
      engine.removeNetwork(rackId);
    }
  }

  private static ProcessInfo only(List<ProcessInfo> ps, String service) {
    return ps.stream().filter(p -> p.service().equals(service)).reduce((a, b) -> {
      throw new AssertionError("more than one " + service + ": " + ps);
    }).orElseThrow(() -> new AssertionError("no " + service + ": " + ps));
  }
}
