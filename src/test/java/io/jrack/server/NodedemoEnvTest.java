package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrack.testing.RawHttp;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example app's public {@code /env} page shows resource and link names and addresses, never
 * their credentials: the web service is run as the rack runs it ({@code java Web.java}) with the
 * variables a postgres resource gives.
 */
class NodedemoEnvTest {
  private static final String PASSWORD = "S3cretPassw0rdFromTheRack";

  @Test
  void theEnvPageMasksPasswordsInUrlsAndSecretNamedValues() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "Web.java")
        .directory(SeedFlowTest.NODEDEMO.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().keySet().retainAll(java.util.Set.of("PATH", "HOME", "LANG"));
    pb.environment().putAll(Map.of("PORT", Integer.toString(port), "API_URL", "http://127.0.0.1:21001",
        "DATABASE_URL", "postgres://app:" + PASSWORD + "@127.0.0.1:21002/app", "DATABASE_PASS", PASSWORD,
        "DATABASE_USER", "app", "CACHE_URL", "redis://:" + PASSWORD + "@127.0.0.1:21003/0", "STRIPE_SECRET_KEY", PASSWORD));
    Process web = pb.start();
    try {
      String body = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> RawHttp.get(port, "127.0.0.1", "/env").body(), b -> b.contains("DATABASE_URL="));
      assertThat(body).doesNotContain(PASSWORD)
          .contains("DATABASE_URL=postgres://app:****@127.0.0.1:21002/app\n", "DATABASE_PASS=****\n", "DATABASE_USER=app\n",
              "CACHE_URL=redis://:****@127.0.0.1:21003/0\n", "STRIPE_SECRET_KEY=****\n", "API_URL=http://127.0.0.1:21001\n");
    } finally {
      web.destroyForcibly().waitFor();
    }
  }
}
