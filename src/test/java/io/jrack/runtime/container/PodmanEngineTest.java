package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Podman, with the rack's own configuration: build, run, reach, stop, find by label. */
class PodmanEngineTest {
  private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));

  @Test
  void buildsADockerfileRunsItReachesItsPortAndStopsIt() throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    String tag = "localhost/jrack/test-hello:" + suffix;
    String network = "jrack-test-" + suffix;
    List<String> buildLog = new CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    engine.build(new ContainerEngine.BuildSpec(TestEngine.resource("hello"), "Dockerfile", Map.of("FLAVOUR", "spicy"), tag), buildLog::add);
    System.out.printf("hello image built in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    String id = null;
    try {
      assertThat(buildLog).anyMatch(l -> l.contains("RUN echo \"built $FLAVOUR in $(pwd)\""));
      ContainerEngine.Network net = engine.network(network, Map.of("io.jrack.test", suffix));
      assertThat(net.subnet()).contains("/");
      id = engine.run(new ContainerEngine.RunSpec("jrack-test-hello-" + suffix, tag, List.of(), Map.of("PORT", "3000", "SECRET", "s3cret"),
          network, Map.of("io.jrack.test", suffix), 0.5, 128, List.of(), null, null));
      List<String> output = new CopyOnWriteArrayList<>();
      ContainerEngine.Follower follower = engine.follow(id, output::add);
      String ip = engine.address(id, network).orElseThrow();
      assertThat(TestEngine.get("http://" + ip + ":3000/", Duration.ofSeconds(20)))
          .isEqualTo("built spicy in /srv/hello; GREETING=hello; SECRET=s3cret\n");
      assertThat(engine.list(Map.of("io.jrack.test", suffix))).singleElement().satisfies(c -> {
        assertThat(c.running()).isTrue();
        assertThat(c.name()).isEqualTo("jrack-test-hello-" + suffix);
      });
      assertThat(engine.exitCode(id)).isEmpty();
      assertThat(engine.exec(id, List.of("sh", "-c", "cat built.txt"), Duration.ofSeconds(20)).output()).isEqualTo("built spicy in /srv/hello\n");
      engine.stop(id, Duration.ofSeconds(2));
      follower.await();
      assertThat(output).contains("listening on 3000");
      assertThat(engine.exitCode(id)).isPresent();
      engine.remove(id);
      assertThat(engine.list(Map.of("io.jrack.test", suffix))).isEmpty();
      id = null;
    } finally {
      if (id != null) {
        engine.remove(id);
      }
      engine.removeNetwork(network);
      engine.removeImage(tag);
    }
  }

  @Test
  void aFailedBuildSaysWhichStepFailedAndWhatItPrinted(@TempDir Path ctx) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    Files.writeString(ctx.resolve("Dockerfile.web"), """
        FROM %s
        RUN echo fine
        RUN echo "about to fail" && exit 3
        CMD ["true"]
        """.formatted(BaseImages.debian()));
    assertThatThrownBy(() -> engine.build(new ContainerEngine.BuildSpec(ctx, "Dockerfile.web", Map.of(), "localhost/jrack/test-fail:" + suffix), l -> {}))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("STEP 3/4: RUN echo \"about to fail\" && exit 3")
        .hasMessageContaining("about to fail\n")
        .hasMessageNotContaining("STEP 2/4");
  }

  /** A shell command (what a command: string runs as) stops on SIGTERM at once, not after the grace: an init is PID 1. */
  @Test
  void aShellCommandStopsWithoutWaitingOutTheGrace() throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    String network = "jrack-test-" + suffix;
    engine.network(network, Map.of("io.jrack.test", suffix));
    String id = null;
    try {
      id = engine.run(new ContainerEngine.RunSpec("jrack-test-sh-" + suffix, BaseImages.debian(), List.of("sh", "-c", "sleep 600; echo done"),
          Map.of(), network, Map.of("io.jrack.test", suffix), 0, 0, List.of(), null, null));
      long t0 = System.nanoTime();
      engine.stop(id, Duration.ofSeconds(20));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(engine.exitCode(id)).isPresent();
      assertThat(ms).as("stop took %d ms", ms).isLessThan(8_000);
    } finally {
      if (id != null) {
        engine.remove(id);
      }
      engine.removeNetwork(network);
    }
  }

  /**
   * convox exec's attach: every quick command's output arrives, with its stdin and exit code (Podman
   * 4.3 alone lost the output of about one in seven); with a terminal, the command has one.
   */
  @Test
  void attachedCommandsGiveAllTheirOutputAndExitCode() throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    String network = "jrack-test-" + suffix;
    engine.network(network, Map.of("io.jrack.test", suffix));
    String id = null;
    try {
      id = engine.run(new ContainerEngine.RunSpec("jrack-test-attach-" + suffix, BaseImages.debian(), List.of("sleep", "600"),
          Map.of(), network, Map.of("io.jrack.test", suffix), 0, 0, List.of(), null, null));
      int lost = 0;
      for (int i = 0; i < 20; i++) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        // Every other one reads its stdin; the others end at once, without reading it.
        String command = i % 2 == 0 ? "read line; echo got $line; exit 4" : "echo got x; exit 4";
        int code = engine.attach(id, List.of("sh", "-c", command), false,
            new java.io.ByteArrayInputStream("x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), out);
        assertThat(code).isEqualTo(4);
        if (!out.toString(java.nio.charset.StandardCharsets.UTF_8).equals("got x\n")) {
          lost++;
        }
      }
      assertThat(lost).as("runs of 20 whose output was lost").isZero();
      java.io.ByteArrayOutputStream tty = new java.io.ByteArrayOutputStream();
      assertThat(engine.attach(id, List.of("tty"), true, new java.io.ByteArrayInputStream(new byte[0]), tty)).isZero();
      assertThat(tty.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("/dev/pts/");
    } finally {
      if (id != null) {
        engine.remove(id);
      }
      engine.removeNetwork(network);
    }
  }
}
