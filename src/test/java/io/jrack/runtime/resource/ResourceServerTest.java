package io.jrack.runtime.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ResourceKind;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.resource.ServerRecipe.Installation;
import io.jrack.testing.RequiredServer;
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
      RequiredServer.assume(false, e.getMessage());
      return;
    }
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      ResourceEndpoint endpoint = ResourceKind.REDIS.at("127.0.0.1", taken.getLocalPort(), "secret" + System.nanoTime());
      Path dir = Files.createDirectories(tmp.resolve("kv/cache.redis"));
      recipe.initialise(install, dir, endpoint, tmp.resolve(".shared"));
      ResourceServer server = new ResourceServer("kv", "cache", recipe, install, dir, endpoint, (a, s, t) -> {}, new PidFiles(tmp.resolve("pids")));
      server.start();
      long t0 = System.nanoTime();
      String problem = server.awaitReady(Duration.ofSeconds(60));
      long waited = (System.nanoTime() - t0) / 1_000_000;
      server.stop();
      assertThat(problem).containsPattern("resource cache \\(redis\\) failed [3-9] starts in a row").contains("exited with code", "last output:")
          .containsIgnoringCase("address already in use").doesNotContain(endpoint.password());
      // A few starts over GIVE_UP_AFTER (5 s), not the 60 s timeout.
      assertThat(waited).isLessThan(30_000);
      assertThat(server.status()).isEqualTo(ResourceServer.Status.STOPPED);
    }
  }

  /** A zombie's postmaster.pid (what a rack killed with kill -9 leaves) is cleared; a live one's is not. */
  @Test
  void aDeadPostmastersLockIsClearedAndALiveOnesKept(@TempDir Path tmp) throws Exception {
    PostgresRecipe recipe = new PostgresRecipe(PostgresRecipe.Source.SYSTEM_FIRST);
    Path lock = Files.createDirectories(tmp.resolve("data")).resolve("postmaster.pid");
    Files.writeString(lock, ProcessHandle.current().pid() + "\n" + tmp + "\n");
    recipe.beforeStart(tmp);
    assertThat(lock).exists();

    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(lock, gone.pid() + "\n" + tmp + "\n");
    recipe.beforeStart(tmp);
    assertThat(lock).doesNotExist();
  }
}
