package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import io.jrack.testing.RawHttp;
import io.jrack.testing.RequiredServer;
import io.jrack.testing.SourceTar;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python app using a redis resource, on the container runtime: built FROM the locally made Python
 * image with a RUN step, it reaches the rack's Redis (on the host's loopback) through the network's
 * relay with the resource's credentials, and its count survives a redeploy.
 */
class PythonRedisTest {
  private static final String PASSWORD = "test-password-1";

  @Test
  void aPythonAppCountsItsVisitsInItsRedisResource(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    RequiredServer.assume(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed (bin/test-servers)");
    long b0 = System.nanoTime();
    new BaseImages(engine, PodmanConfig.defaultStorage()).ensure(BaseImages.debian("python"), System.out::println);
    System.out.printf("base image %s ready in %d ms%n", BaseImages.debian("python"), (System.nanoTime() - b0) / 1_000_000);
    Path rackDir = tmp.resolve("rack");
    String rackId = ContainerRuntime.rackId(rackDir, "py");
    try (RackServer rack = RackServer.builder().name("py").dir(rackDir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(27400, 27499).runtime("containers").start()) {
      RackClient client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
      client.appCreate("counter");
      Build build = client.buildCreate("counter", SourceTar.of(TestEngine.resource("pyredis")), null);
      assertThat(build.status()).as(build.logs()).isEqualTo("complete");
      assertThat(build.logs()).contains("RUN python3 -m py_compile app.py");
      client.releasePromote("counter", build.release());
      int http = rack.router().httpPort();
      String first = RawHttp.get(http, "counter-web.py.localhost", "/").body();
      assertThat(first).matches("visit \\d+, python 3\\.\\d+\\.\\d+, redis at 10\\.\\d+\\.\\d+\\.1\n");
      // Health checks visit too: the count only grows.
      int n = visits(first);
      assertThat(visits(RawHttp.get(http, "counter-web.py.localhost", "/").body())).isGreaterThan(n);

      Build again = client.buildCreate("counter", SourceTar.of(TestEngine.resource("pyredis")), null);
      client.releasePromote("counter", again.release());
      assertThat(visits(RawHttp.get(http, "counter-web.py.localhost", "/").body())).as("the count survives a redeploy").isGreaterThan(n + 1);
    } finally {
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.remove(c.id());
      }
      engine.removeNetwork(rackId);
    }
  }

  private static int visits(String body) {
    assertThat(body).startsWith("visit ");
    return Integer.parseInt(body.substring(6, body.indexOf(',')));
  }
}
