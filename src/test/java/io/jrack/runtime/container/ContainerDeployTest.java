package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.rack.ProcessInfo;
import io.jrack.router.Router;
import io.jrack.router.RouterConfig;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.Routing;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.testing.Load;
import io.jrack.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys on the container runtime, without a rack: a real {@link ContainerRuntime} on Podman and a
 * real {@link Router}. A stepped deploy keeps its service's deployment bounds under load with no
 * failed request; a release that cannot start is rolled back, leaving exactly the previous
 * release's containers serving and none of its own.
 */
class ContainerDeployTest {
  private static final String APP = "steps";

  @Test
  void steppedDeployKeepsItsBoundsAndAFailedOneLeavesThePreviousReleaseServing(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    Path build = Files.createDirectories(tmp.resolve("builds/b1"));
    for (String f : List.of("Dockerfile", "server.pl")) {
      Files.copy(TestEngine.resource("steps").resolve(f), build.resolve(f));
    }
    Path rackDir = tmp.resolve("rack");
    String rackId = ContainerRuntime.rackId(rackDir, "cdt");
    Router router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
    try (router; ContainerRuntime runtime = new ContainerRuntime(rackDir, "cdt", engine, PodmanConfig.defaultStorage(), router,
        (app, source, line) -> {}, Clock.systemUTC())) {
      runtime.build(APP, "b1", manifest(), build, line -> {});
      runtime.deploy(release("R1", Map.of()), build);
      assertThat(get(router)).isEqualTo("release R1");
      assertThat(runtime.processes(APP)).hasSize(2);

      // R2 replaces the two containers one at a time (maximum 150%: three at most; minimum 50%: one healthy at least).
      AtomicInteger most = new AtomicInteger();
      AtomicInteger fewestRunning = new AtomicInteger(Integer.MAX_VALUE);
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = Thread.ofVirtual().start(() -> {
        while (sampling.get()) {
          List<ProcessInfo> ps = runtime.processes(APP);
          most.accumulateAndGet(ps.size(), Math::max);
          fewestRunning.accumulateAndGet((int) ps.stream().filter(p -> p.status().equals("running")).count(), Math::min);
          Thread.onSpinWait();
        }
      });
      Load load = new Load(2, router.httpPort(), "web.steps.test", "/", "release R");
      try (load) {
        runtime.deploy(release("R2", Map.of()), build);
      } finally {
        sampling.set(false);
        sampler.join();
      }
      assertThat(load.failed()).as("failed requests: %s", load.reasons()).isZero();
      assertThat(load.ok()).isPositive();
      assertThat(most.get()).as("containers at once").isEqualTo(3);
      assertThat(fewestRunning.get()).as("healthy containers at the fewest").isGreaterThanOrEqualTo(1);
      assertThat(get(router)).isEqualTo("release R2");
      List<ProcessInfo> before = runtime.processes(APP);
      assertThat(before).hasSize(2).allSatisfy(p -> assertThat(p.release()).isEqualTo("R2"));

      // R3 cannot start: its first container ends at once. R2 keeps serving, its two containers as they were, and none of R3 is left.
      assertThatThrownBy(() -> runtime.deploy(release("R3", Map.of("BROKEN", "1")), build))
          .isInstanceOf(RuntimeFailure.class).hasMessageContaining("service web: exited with code 3").hasMessageContaining("broken on purpose");
      assertThat(get(router)).isEqualTo("release R2");
      assertThat(runtime.processes(APP)).isEqualTo(before);
      assertThat(engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId, ContainerRuntime.LABEL_RELEASE, "R3"))).isEmpty();
      assertThat(engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId, ContainerRuntime.LABEL_RELEASE, "R2")))
          .hasSize(2).allSatisfy(c -> assertThat(c.running()).isTrue());
    } finally {
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.remove(c.id());
      }
      engine.removeNetwork(rackId);
    }
  }

  private static String get(Router router) throws java.io.IOException {
    return RawHttp.get(router.httpPort(), "web.steps.test", "/").body();
  }

  private static Manifest manifest() {
    return ManifestParser.builder().build().parseText("""
        services:
          web:
            build: .
            port: 3000
            scale: 2
            health:
              interval: 1
            deployment:
              minimum: 50
              maximum: 150
        """).manifest().orElseThrow();
  }

  private static AppRelease release(String id, Map<String, String> env) {
    Map<String, String> environment = new java.util.HashMap<>(env);
    environment.put("RELEASE", id);
    return new AppRelease(APP, id, manifest(), Map.of("web", environment), Map.of(),
        List.of(new Routing.Route("web", List.of("web.steps.test"), false, null)));
  }
}
