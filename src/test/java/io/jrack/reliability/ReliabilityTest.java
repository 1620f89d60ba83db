package io.jrack.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.testing.Load;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What must not happen, measured: a dropped request during deploys or a process crash. Bounded in
 * count and time, loopback only. The short form runs in CI; {@code bin/test --long} adds 20 redeploys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReliabilityTest {
  static final Path NODEDEMO = Path.of("examples/nodedemo");
  TestRack rack;
  Path app;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    rack = TestRack.start(tmp.resolve("rack"));
    app = Files.createDirectories(tmp.resolve("app"));
    Files.copy(NODEDEMO.resolve("Api.java"), app.resolve("Api.java"));
    Files.writeString(app.resolve("convox.yml"), "services:\n  api:\n    build: .\n    port: 3000\n    command: java Api.java\n    scale: 2\n    drain: 5\n");
    rack.client.appCreate("rel");
    Build b = rack.client.buildCreate("rel", SourceTar.of(app), null);
    rack.client.releasePromote("rel", b.release());
  }

  @AfterAll
  void stop() {
    rack.close();
  }

  @Test
  void redeploysUnderLoadDropNothing() throws Exception {
    redeployUnderLoad(3);
  }

  @Test
  @Tag("long")
  void twentyRedeploysUnderLoadDropNothing() throws Exception {
    redeployUnderLoad(20);
  }

  private void redeployUnderLoad(int redeploys) throws Exception {
    long t0 = System.nanoTime();
    Load load = new Load(8, rack.http(), "rel-api.dev.localhost", "/", "\"service\":\"api\"");
    try (load) {
      for (int i = 0; i < redeploys; i++) {
        var r = rack.client.envSet("rel", Map.of("ROUND", Integer.toString(i)), false);
        rack.client.releasePromote("rel", r.id());
      }
    }
    System.out.printf("reliability (a): %d redeploys under load in %d ms: %d requests ok, %d failed %s%n",
        redeploys, (System.nanoTime() - t0) / 1_000_000, load.ok(), load.failed(), load.reasons());
    assertThat(load.ok()).isGreaterThan(100);
    assertThat(load.failed()).as(load.reasons().toString()).isZero();
  }

  @Test
  void killedProcessUnderLoadDropsNothingAndRestartsAtOnce() throws Exception {
    Load load = new Load(8, rack.http(), "rel-api.dev.localhost", "/", "\"service\":\"api\"");
    long relaunchMs;
    long healthyMs;
    try (load) {
      Thread.sleep(500);
      List<ProcessInfo> before = rack.client.processList("rel");
      ProcessInfo victim = before.get(0);
      long pid = ProcessHandle.current().descendants()
          .filter(p -> p.info().command().orElse("").endsWith("/java") && p.info().commandLine().orElse("").endsWith("Api.java"))
          .filter(p -> p.parent().flatMap(pp -> pp.info().commandLine()).orElse("").contains("sh -c java Api.java"))
          .filter(p -> p.info().arguments().isPresent())
          .filter(p -> listensOn(p, victim.port()))
          .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
      long k = System.nanoTime();
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
      Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10))
          .until(() -> rack.client.processList("rel").stream().noneMatch(p -> p.id().equals(victim.id())));
      relaunchMs = (System.nanoTime() - k) / 1_000_000;
      Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(20))
          .until(() -> rack.client.processList("rel").stream().filter(p -> p.status().equals("running")).count() == 2);
      healthyMs = (System.nanoTime() - k) / 1_000_000;
      Thread.sleep(500);
    }
    System.out.printf("reliability (b): kill -9 of 1 of 2 processes under load: relaunched after %d ms, healthy after %d ms; %d requests ok, %d failed %s%n",
        relaunchMs, healthyMs, load.ok(), load.failed(), load.reasons());
    assertThat(relaunchMs).isLessThan(1000);
    assertThat(load.failed()).as(load.reasons().toString()).isZero();
  }

  private static boolean listensOn(ProcessHandle p, int port) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ")).contains("PORT=" + port + "\0");
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void slowlorisDoesNotStarveNormalClients() throws Exception {
    List<java.net.Socket> slow = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", rack.http());
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: rel-api.dev.localhost\r\nX-Slow: ".getBytes());
        slow.add(s);
      }
      long worst = 0;
      int ok = 0;
      for (int i = 0; i < 200; i++) {
        long t = System.nanoTime();
        if (RawHttp.get(rack.http(), "rel-api.dev.localhost", "/").status() == 200) {
          ok++;
        }
        worst = Math.max(worst, (System.nanoTime() - t) / 1_000_000);
        if (i % 20 == 0) {
          for (java.net.Socket s : slow) {
            s.getOutputStream().write('a');
          }
        }
      }
      System.out.printf("reliability (d): 200 slowloris connections open; 200 normal requests: %d ok, slowest %d ms%n", ok, worst);
      assertThat(ok).isEqualTo(200);
      assertThat(worst).isLessThan(2000);
    } finally {
      for (java.net.Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void malformedRequestsAreAnswered4xxOrClosedAndTheRouterKeepsServing() throws Exception {
    // A request cut before the end of its head waits for the header timeout: make that short.
    rack.client.paramsSet(Map.of("RouterHeaderTimeout", "1"));
    List<String> corpus = MalformedCorpus.requests("rel-api.dev.localhost", 1000);
    int answered4xx = 0;
    int closed = 0;
    int other = 0;
    for (String request : corpus) {
      RawHttp.Response r = RawHttp.send(rack.http(), request);
      // 505 is the answer to a well-formed version other than HTTP/1.x (HTTP/9.9 in the corpus).
      if (r.status() >= 400 && r.status() < 500 || r.status() == 505) {
        answered4xx++;
      } else if (r.status() == 0) {
        closed++;
      } else {
        other++;
        System.out.println("unexpected " + r.status() + " for " + request.substring(0, Math.min(80, request.length())).replace("\r\n", "\\r\\n"));
      }
    }
    System.out.printf("reliability (e): %d malformed requests: %d answered 4xx (or 505), %d closed, %d other%n", corpus.size(), answered4xx, closed, other);
    assertThat(corpus).hasSize(1000);
    assertThat(other).isZero();
    assertThat(RawHttp.get(rack.http(), "rel-api.dev.localhost", "/").status()).isEqualTo(200);
    rack.client.paramsSet(Map.of("RouterHeaderTimeout", "10"));
  }
}
