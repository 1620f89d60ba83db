package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rack on the container runtime, end to end: a two-service app whose Dockerfiles have RUN, COPY,
 * WORKDIR, ENV and ARG steps is built by Podman, deployed as containers on the rack's network and
 * served through the router; web reaches api by its link. A failing build leaves it serving.
 */
class ContainerRackTest {
  private static final String PASSWORD = "test-password-1";

  @Test
  void twoServiceAppWithRunStepsServesThroughTheRouterAndItsLink(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    Path app = TestEngine.resource("twoservice");
    Path rackDir = tmp.resolve("rack");
    try (RackServer rack = RackServer.builder().name("ct").dir(rackDir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(27000, 27099).runtime("containers").start()) {
      RackClient client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
      client.paramsSet(Map.of("Internal", "Yes"));
      client.appCreate("shop");
      long t0 = System.nanoTime();
      Build build = client.buildCreate("shop", SourceTar.of(app), null);
      long built = System.nanoTime();
      assertThat(build.status()).as(build.logs()).isEqualTo("complete");
      assertThat(build.logs()).contains("RUN echo \"api image built by RUN in $(pwd)\" > built.txt").contains("RUN perl -c web.pl");
      client.releasePromote("shop", build.release());
      long promoted = System.nanoTime();
      System.out.printf("two-service app: image build %d ms, promote (containers healthy) %d ms%n", (built - t0) / 1_000_000, (promoted - built) / 1_000_000);
      int http = rack.router().httpPort();

      String body = RawHttp.get(http, "shop-web.ct.localhost", "/api").body();
      // The link names api on the rack's DNS; web's perl resolves it through the container's resolv.conf.
      assertThat(body).startsWith("web here on port 3000; API_URL=http://api.shop.ct.local:4000;")
          .endsWith("api says: api image built by RUN in /srv/api, release " + build.release());
      List<ProcessInfo> ps = client.processList("shop");
      assertThat(ps).hasSize(2).allSatisfy(p -> {
        assertThat(p.status()).isEqualTo("running");
        assertThat(p.host()).startsWith("10.");
      });

      // A build that fails at a RUN step fails with that step's output; the release keeps serving.
      Path broken = Files.createDirectories(tmp.resolve("broken"));
      copyTree(app, broken);
      Files.writeString(broken.resolve("api/Dockerfile"), Files.readString(broken.resolve("api/Dockerfile"))
          .replace("CMD", "RUN echo \"no compiler here\" && exit 7\nCMD"));
      Build failed = client.buildCreate("shop", SourceTar.of(broken), null);
      assertThat(failed.status()).isEqualTo("failed");
      assertThat(failed.logs()).contains("RUN echo \"no compiler here\" && exit 7").contains("no compiler here\n")
          .containsPattern("ERROR: image build of service api failed:\nSTEP 5/6: RUN echo \"no compiler here\" && exit 7");
      assertThat(RawHttp.get(http, "shop-web.ct.localhost", "/api").body()).endsWith("release " + build.release());

      // A killed container is replaced by a new one, which serves again.
      ProcessInfo api = ps.stream().filter(p -> p.service().equals("api")).findFirst().orElseThrow();
      client.processStop("shop", api.id());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && client.processList("shop").stream()
          .noneMatch(p -> p.service().equals("api") && !p.id().equals(api.id()) && p.status().equals("running"))) {
        Thread.sleep(100);
      }
      assertThat(client.processList("shop")).anyMatch(p -> p.service().equals("api") && !p.id().equals(api.id()) && p.status().equals("running"));
      assertThat(RawHttp.get(http, "shop-web.ct.localhost", "/api").body()).endsWith("release " + build.release());
    } finally {
      // A test rack's network and images are of no use after it: a /24 each would run the engine out of subnets.
      engine.removeNetwork(ContainerRuntime.rackId(rackDir, "ct"));
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, ContainerRuntime.rackId(rackDir, "ct")))) {
        engine.remove(c.id());
      }
    }
  }

  /** A rack told no runtime (what convox rack start and convox start do) runs containers where the machine can. */
  @Test
  void aRackToldNoRuntimeRunsContainersWhereTheMachineCan(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.get();
    Path rackDir = tmp.resolve("rack");
    try (RackServer rack = RackServer.builder().name("auto").dir(rackDir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(27200, 27299).runtime("auto").start()) {
      assertThat(rack.runtimeDescription()).isEqualTo("containers");
    } finally {
      engine.removeNetwork(ContainerRuntime.rackId(rackDir, "auto"));
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, ContainerRuntime.rackId(rackDir, "auto")))) {
        engine.remove(c.id());
      }
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

}
