package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.ServiceInfo;
import io.jrack.testing.RackProcess;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Internal ports are the rack's own: two racks on one machine (real rack processes, one port range)
 * both serve the same app, and a port another program took while the rack was down is re-chosen.
 * An app whose processes cannot start at a restart is degraded and retried until it runs.
 */
class RackPortsTest {
  private static final String APP = "shop";

  @TempDir
  Path tmp;

  @Test
  void twoRacksOnOneMachineServeTheSameApp() throws Exception {
    Path source = app(null);
    Path a = tmp.resolve("rack-a");
    Path b = tmp.resolve("rack-b");
    try (RackProcess first = RackProcess.start(a)) {
      deploy(first, a, source);
    }
    // While rack a is down, rack b deploys the same app in the same port range...
    try (RackProcess second = RackProcess.start(b)) {
      deploy(second, b, source);
      int apiOfB = apiPort(second);
      // ...and rack a, started again, still serves it, beside b.
      try (RackProcess first = RackProcess.start(a)) {
        awaitServing(first, a);
        awaitServing(second, b);
        assertThat(first.client.appGet(APP).status()).isEqualTo("running");
        assertThat(apiPort(first)).isNotEqualTo(apiOfB);
        assertThat(RawHttp.get(apiPort(first), "api", "/").body()).contains("\"service\":\"api\"");
        assertThat(RawHttp.get(apiOfB, "api", "/").body()).contains("\"service\":\"api\"");
      }
    }
  }

  @Test
  void aPortTakenWhileTheRackIsDownIsRechosenAndAnAppThatCannotStartIsDegradedAndRetried() throws Exception {
    Path gate = tmp.resolve("gate");
    Files.writeString(gate, "open");
    Path source = app(gate);
    Path dir = tmp.resolve("rack");
    int before;
    try (RackProcess rack = RackProcess.start(dir)) {
      deploy(rack, dir, source);
      before = apiPort(rack);
    }
    // Another program takes api's port, and api cannot start (its gate file is gone).
    Files.delete(gate);
    try (ServerSocket taken = hold(before); RackProcess rack = RackProcess.start(dir)) {
      assertThat(taken.isBound()).isTrue();
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rack.client.appGet(APP).status().equals("degraded"));
      assertThat(rack.client.appGet(APP).reason()).startsWith("release ").contains(" cannot run: ");
      assertThat(RawHttp.get(rack.httpPort, web(), "/").status()).isNotEqualTo(200);

      long t0 = System.nanoTime();
      Files.writeString(gate, "open");
      awaitServing(rack, dir);
      System.out.printf("degraded app running again %d ms after its cause went%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(rack.client.appGet(APP).status()).isEqualTo("running");
      int after = apiPort(rack);
      assertThat(after).isNotEqualTo(before);
      assertThat(RawHttp.get(after, "api", "/").body()).contains("\"service\":\"api\"");
    }
  }

  private static ServerSocket hold(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress("127.0.0.1", port));
    return s;
  }

  /** nodedemo without its database: web (public) links api (internal); api waits for {@code gate} when given. */
  private Path app(Path gate) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("app"));
    for (String f : new String[] {"Web.java", "Api.java"}) {
      Files.copy(SeedFlowTest.NODEDEMO.resolve(f), dir.resolve(f));
    }
    String api = gate == null ? "java Api.java" : "test -e " + gate + " && exec java Api.java";
    Files.writeString(dir.resolve("convox.yml"), """
        services:
          api:
            build: .
            port: 3000
            command: %s
            internal: true
          web:
            build: .
            port: 3000
            command: java Web.java
            links:
              - api
        """.formatted(api));
    return dir;
  }

  private static void deploy(RackProcess rack, Path dir, Path source) throws Exception {
    rack.client.paramsSet(Map.of("Internal", "Yes"));
    rack.client.appCreate(APP);
    Build b = rack.client.buildCreate(APP, SourceTar.of(source), null);
    rack.client.releasePromote(APP, b.release());
    awaitServing(rack, dir);
  }

  private static void awaitServing(RackProcess rack, Path dir) {
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(RawHttp.get(rack.httpPort, web(), "/").body()).as(() -> "app log:\n" + appLog(dir)).contains("api says: {\"service\":\"api\""));
  }

  private static String appLog(Path dir) {
    try {
      return Files.readString(dir.resolve("logs/" + APP + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String web() {
    return APP + "-web.dev.localhost";
  }

  private static int apiPort(RackProcess rack) {
    ServiceInfo api = rack.client.serviceList(APP).stream().filter(s -> s.name().equals("api")).findFirst().orElseThrow();
    return api.ports().get(0).balancer();
  }
}
