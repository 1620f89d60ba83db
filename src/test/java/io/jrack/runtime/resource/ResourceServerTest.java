package io.jrack.runtime.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ResourceKind;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.resource.ServerRecipe.Installation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supervision of a resource's server when it cannot start. */
class ResourceServerTest {

  @Test
  void aServerThatCannotStartFailsFastWithItsOwnWords(@TempDir Path tmp) throws Exception {
    RedisRecipe recipe = new RedisRecipe();
    Installation install;
    try {
      install = recipe.find(tmp);
    } catch (io.jrack.runtime.RuntimeFailure e) {
      assumeTrue(false, e.getMessage());
      return;
    }
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      ResourceEndpoint endpoint = ResourceKind.REDIS.at("127.0.0.1", taken.getLocalPort(), "secret" + System.nanoTime());
      Path dir = Files.createDirectories(tmp.resolve("kv/cache.redis"));
      recipe.initialise(install, dir, endpoint);
      ResourceServer server = new ResourceServer("kv", "cache", recipe, install, dir, endpoint, (a, s, t) -> {}, new PidFiles(tmp.resolve("pids")));
      server.start();
      long t0 = System.nanoTime();
      String problem = server.awaitReady(Duration.ofSeconds(60));
      long waited = (System.nanoTime() - t0) / 1_000_000;
      server.stop();
      assertThat(problem).contains("resource cache (redis) failed 3 starts in a row", "exited with code", "last output:")
          .containsIgnoringCase("address already in use").doesNotContain(endpoint.password());
      // Three starts with 200 and 400 ms between them, not the 60 s timeout.
      assertThat(waited).isLessThan(30_000);
      assertThat(server.status()).isEqualTo(ResourceServer.Status.STOPPED);
    }
  }
}
