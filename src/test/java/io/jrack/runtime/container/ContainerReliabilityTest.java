package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProcessInfo;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import io.jrack.testing.Load;
import io.jrack.testing.RackProcess;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite's guarantees (io.jrack.reliability, RackCrashTest) on the container runtime:
 * redeploys under load drop no request; a process killed with SIGKILL inside its container is
 * replaced, with backoff, while its sibling serves; a rack killed with SIGKILL is followed by one that
 * replaces its containers (none left twice) and serves again. The stepped deploy's bounds on
 * containers are ContainerDeployTest's. Short in CI; {@code bin/test --long} adds ten redeploys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerReliabilityTest {
  private static final String PASSWORD = "test-password-1";
  private static final String HOST = "rel-web.crel.localhost";
  private PodmanEngine engine;
  private Path app;
  private Path rackDir;
  private RackServer rack;
  private RackClient client;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    engine = TestEngine.withBase();
    app = Files.createDirectories(tmp.resolve("app"));
    for (String f : List.of("Dockerfile", "server.pl")) {
      Files.copy(TestEngine.resource("steps").resolve(f), app.resolve(f));
    }
    Files.writeString(app.resolve("convox.yml"), "services:\n  web:\n    build: .\n    port: 3000\n    scale: 2\n    drain: 5\n    health:\n      interval: 1\n");
    rackDir = tmp.resolve("rack");
    rack = RackServer.builder().name("crel").dir(rackDir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(27500, 27599).runtime("containers").start();
    client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
    client.appCreate("rel");
    Build b = client.buildCreate("rel", SourceTar.of(app), null);
    assertThat(b.status()).as(b.logs()).isEqualTo("complete");
    client.releasePromote("rel", b.release());
  }

  @AfterAll
  void stop() throws EngineException {
    if (rack != null) {
      rack.close();
    }
    clean(ContainerRuntime.rackId(rackDir, "crel"));
  }

  private void clean(String rackId) throws EngineException {
    for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
      engine.remove(c.id());
    }
    engine.removeNetwork(rackId);
  }

  @Test
  void redeploysUnderLoadDropNothing() throws Exception {
    redeployUnderLoad(2);
  }

  @Test
  @Tag("long")
  void tenRedeploysUnderLoadDropNothing() throws Exception {
    redeployUnderLoad(10);
  }

  private void redeployUnderLoad(int redeploys) throws Exception {
    long t0 = System.nanoTime();
    Load load = new Load(4, rack.router().httpPort(), HOST, "/", "release R");
    try (load) {
      for (int i = 0; i < redeploys; i++) {
        var r = client.envSet("rel", Map.of("ROUND", Integer.toString(i)), false);
        client.releasePromote("rel", r.id());
      }
    }
    System.out.printf("containers reliability (a): %d redeploys under load in %d ms: %d requests ok, %d failed %s%n",
        redeploys, (System.nanoTime() - t0) / 1_000_000, load.ok(), load.failed(), load.reasons());
    assertThat(load.ok()).isGreaterThan(50);
    assertThat(load.failed()).as(load.reasons().toString()).isZero();
  }

  @Test
  void aProcessKilledInItsContainerIsReplacedWithBackoffWhileNothingIsDropped() throws Exception {
    Load load = new Load(4, rack.router().httpPort(), HOST, "/", "release R");
    long replacedMs;
    ProcessInfo victim;
    try (load) {
      Thread.sleep(500);
      victim = client.processList("rel").get(0);
      ContainerEngine.Container c = engine.list(Map.of(ContainerRuntime.LABEL_PROCESS, victim.id())).get(0);
      long k = System.nanoTime();
      // The server is the only child of the container's init (PID 1).
      ContainerEngine.ExecResult kill = engine.exec(c.id(), List.of("sh", "-c", "kill -9 $(cat /proc/1/task/1/children)"), Duration.ofSeconds(30));
      assertThat(kill.exitCode()).as(kill.output()).isZero();
      Awaitility.await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(60))
          .until(() -> client.processList("rel").stream().filter(p -> p.status().equals("running") && !p.id().equals(victim.id())).count() == 2);
      replacedMs = (System.nanoTime() - k) / 1_000_000;
      Thread.sleep(500);
    }
    System.out.printf("containers reliability (b): kill -9 of 1 of 2 servers under load: replaced and healthy after %d ms; %d requests ok, %d failed %s%n",
        replacedMs, load.ok(), load.failed(), load.reasons());
    assertThat(load.failed()).as(load.reasons().toString()).isZero();
    List<String> lines = new CopyOnWriteArrayList<>();
    client.logs("rel", new LogOptions(Duration.ofMinutes(30), false), lines::add);
    assertThat(lines).anyMatch(l -> l.matches(".* system/rack web/" + victim.id() + " exited: exited with code \\d+; restarting in \\d+ ms"));
    assertThat(engine.list(Map.of(ContainerRuntime.LABEL_PROCESS, victim.id()))).as("the dead container is removed").isEmpty();
  }

  @Test
  void aRackKilledWithSigkillIsFollowedByOneThatReplacesItsContainersAndServes(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("rack");
    String rackId = ContainerRuntime.rackId(dir, "dev");
    Map<String, String> env = Map.of("JRACK_TEST_RUNTIME", "containers");
    try {
      List<String> before;
      RackProcess first = RackProcess.start(dir, env);
      try {
        first.client.appCreate("rel");
        Build b = first.client.buildCreate("rel", SourceTar.of(app), null);
        assertThat(b.status()).as(b.logs()).isEqualTo("complete");
        first.client.releasePromote("rel", b.release());
        assertThat(RawHttp.get(first.httpPort, "rel-web.dev.localhost", "/").body()).startsWith("release R");
        before = containerIds(rackId);
        assertThat(before).hasSize(2);
      } finally {
        first.crash();
      }
      long t0 = System.nanoTime();
      try (RackProcess second = RackProcess.start(dir, env)) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
            assertThat(RawHttp.get(second.httpPort, "rel-web.dev.localhost", "/").body()).startsWith("release R"));
        System.out.printf("containers reliability (c): rack killed -9; the next one served again after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        List<String> ids = second.client.processList("rel").stream().map(ProcessInfo::id).toList();
        assertThat(ids).hasSize(2);
        List<String> after = containerIds(rackId);
        assertThat(after).as("one container per process, the dead rack's gone").hasSize(2).doesNotContainAnyElementsOf(before);
      }
      assertThat(containerIds(rackId)).as("a rack that stops stops its containers").isEmpty();
    } finally {
      clean(rackId);
    }
  }

  private List<String> containerIds(String rackId) throws EngineException {
    return engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId)).stream().filter(c -> c.labels().containsKey(ContainerRuntime.LABEL_PROCESS))
        .map(ContainerEngine.Container::id).toList();
  }
}
