package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example app as Convox users write it, on the container runtime: its Dockerfile is built FROM
 * the locally made JDK image, web reaches the internal api by its link through the router, and
 * counts its visits in the PostgreSQL resource with psql from inside its container. Prints the
 * times the README quotes.
 */
class ExampleAppTest {
  private static final String PASSWORD = "test-password-1";

  @Test
  void nodedemoBuildsFromItsDockerfileAndServesWithItsLinkAndDatabase(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    long b0 = System.nanoTime();
    new BaseImages(engine, PodmanConfig.defaultStorage()).ensure(BaseImages.debian("jdk"), System.out::println);
    System.out.printf("base image %s ready in %d ms%n", BaseImages.debian("jdk"), (System.nanoTime() - b0) / 1_000_000);
    Path rackDir = tmp.resolve("rack");
    String rackId = ContainerRuntime.rackId(rackDir, "dev");
    try (RackServer rack = RackServer.builder().name("dev").dir(rackDir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(27100, 27199).runtime("containers").start()) {
      RackClient client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
      client.paramsSet(Map.of("Internal", "Yes"));
      client.appCreate("nodedemo");
      long t0 = System.nanoTime();
      Build build = client.buildCreate("nodedemo", SourceTar.of(Path.of("examples/nodedemo")), null);
      long built = System.nanoTime();
      assertThat(build.status()).as(build.logs()).isEqualTo("complete");
      assertThat(build.logs()).contains("STEP 2/4: COPY . /app");
      client.releasePromote("nodedemo", build.release());
      long promoted = System.nanoTime();
      Build again = client.buildCreate("nodedemo", SourceTar.of(Path.of("examples/nodedemo")), null);
      long rebuilt = System.nanoTime();
      assertThat(again.status()).as(again.logs()).isEqualTo("complete");
      System.out.printf("nodedemo on containers: image build %d ms, cached %d ms; promote to both services answering %d ms%n",
          (built - t0) / 1_000_000, (rebuilt - promoted) / 1_000_000, (promoted - built) / 1_000_000);

      int http = rack.router().httpPort();
      String first = RawHttp.get(http, "nodedemo-web.dev.localhost", "/").body();
      assertThat(first).contains("api says: {\"service\":\"api\",\"release\":\"" + build.release() + "\"")
          .containsPattern("database says: \\d+ visits so far, PostgreSQL \\d+");
      String second = RawHttp.get(http, "nodedemo-web.dev.localhost", "/").body();
      int before = visits(first);
      assertThat(visits(second)).isEqualTo(before + 1);
      assertThat(RawHttp.get(http, "nodedemo-api.dev.localhost", "/").status()).as("api is internal").isEqualTo(404);
      assertThat(client.processList("nodedemo")).hasSize(2).allSatisfy(p -> assertThat(p.status()).isEqualTo("running"));
    } finally {
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.remove(c.id());
      }
      engine.removeNetwork(rackId);
    }
  }

  private static int visits(String body) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("database says: (\\d+) visits").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
