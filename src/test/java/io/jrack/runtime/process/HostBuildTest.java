package io.jrack.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process runtime is honest about Dockerfiles: steps it cannot run on this machine are refused
 * at build, each with its line; a Dockerfile it can honour (a JDK image, the build directory copied
 * to the WORKDIR, ENV) builds and runs.
 */
class HostBuildTest {

  @Test
  void aNodeAppWithRunStepsIsRefusedAtBuildWithTheStepNamed(@TempDir Path tmp) throws Exception {
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("convox.yml"), "services:\n  web:\n    build: .\n    port: 3000\n");
    Files.writeString(app.resolve("Dockerfile"), """
        FROM node:20
        WORKDIR /app
        COPY package.json .
        RUN npm install
        COPY . .
        CMD ["node", "server.js"]
        """);
    Files.writeString(app.resolve("package.json"), "{}");
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("nodeapp");
      Build b = rack.client.buildCreate("nodeapp", SourceTar.of(app), null);
      assertThat(b.status()).isEqualTo("failed");
      assertThat(b.logs()).contains("Dockerfile:4: RUN npm install: the process runtime cannot run build steps; install podman\n")
          .contains("ERROR: the embedded runtime can not run this app");
    }
  }

  @Test
  void eachStepItCannotRunIsNamedWithItsLine(@TempDir Path ctx) throws Exception {
    Files.createDirectories(ctx.resolve("src"));
    Dockerfile d = Dockerfile.parse("web/Dockerfile", List.of(
        "# a comment",
        "FROM elixir:1.16 AS build",
        "COPY src /opt/src",
        "RUN apt-get update && \\",
        "    apt-get install -y gcc",
        "ADD https://example.com/x.tgz /app/",
        "ENV PATH=$PATH:/opt/bin",
        "FROM debian:bookworm",
        "COPY --from=build /opt/out /app",
        "CMD [\"/app/out\"]"));
    assertThat(HostBuild.of(d, ctx, p -> !p.equals("elixir")).problems()).containsExactly(
        "web/Dockerfile:2: FROM elixir:1.16 AS build: the process runtime runs services on this machine, which has no elixir (the image's software); install podman",
        "web/Dockerfile:3: COPY src /opt/src: the process runtime runs the service from its build directory and cannot copy files to other paths; install podman",
        "web/Dockerfile:4: RUN apt-get update && apt-get install -y gcc: the process runtime cannot run build steps; install podman",
        "web/Dockerfile:6: ADD https://example.com/x.tgz /app/: the process runtime runs the service from its build directory and cannot copy files to other paths; install podman",
        "web/Dockerfile:7: ENV PATH=$PATH:/opt/bin: the process runtime does not expand build variables; install podman",
        "web/Dockerfile:8: FROM debian:bookworm: a multi-stage build needs an image build; install podman",
        "web/Dockerfile:9: COPY --from=build /opt/out /app: a copy from another image or stage needs an image build; install podman");
  }

  @Test
  void aDockerfileThatOnlyCopiesTheBuildDirectoryToItsWorkdirRunsAsItIs(@TempDir Path ctx) throws Exception {
    Files.createDirectories(ctx.resolve("lib"));
    Files.writeString(ctx.resolve("Web.java"), "class Web {}");
    Dockerfile d = Dockerfile.parse("Dockerfile", List.of(
        "FROM localhost/jrack/debian:bookworm-jdk",
        "ARG VERSION=1",
        "COPY . /app",
        "COPY Web.java /app/",
        "COPY lib /app/lib",
        "WORKDIR /app",
        "COPY [\"Web.java\", \"./\"]",
        "ENV GREETING=\"hello there\" MODE=demo",
        "ENV LANGUAGE en",
        "EXPOSE 3000",
        "USER nobody",
        "CMD [\"java\", \"Web.java\"]"));
    HostBuild host = HostBuild.of(d, ctx, p -> p.equals("java"));
    assertThat(host.problems()).isEmpty();
    assertThat(host.env()).isEqualTo(Map.of("GREETING", "hello there", "MODE", "demo", "LANGUAGE", "en"));
    // Without a JDK on the machine, the same file is refused at its FROM.
    assertThat(HostBuild.of(d, ctx, p -> false).problems()).containsExactly(
        "Dockerfile:1: FROM localhost/jrack/debian:bookworm-jdk: the process runtime runs services on this machine, which has no java (the image's software); install podman");
    // A copy that moves a directory's files elsewhere than the build directory has them is refused.
    assertThat(HostBuild.of(Dockerfile.parse("Dockerfile", List.of("WORKDIR /app", "COPY lib .")), ctx, p -> true).problems())
        .containsExactly("Dockerfile:2: COPY lib .: the process runtime runs the service from its build directory and cannot copy files to other paths; install podman");
  }

  @Test
  void aCommandWhoseProgramThisMachineLacksIsRefused(@TempDir Path ctx) {
    assertThat(HostBuild.missingProgram(List.of("sh", "-c", "PORT=1 gunicorn-not-here app:app"), ctx, HostBuild::onPath)).contains("gunicorn-not-here");
    assertThat(HostBuild.missingProgram(List.of("sh", "-c", "bin/web --port 3000"), ctx, HostBuild::onPath)).contains("bin/web");
    assertThat(HostBuild.missingProgram(List.of("sh", "-c", "java Web.java"), ctx, HostBuild::onPath)).isEmpty();
    assertThat(HostBuild.missingProgram(List.of("sh", "-c", "cd web && ./run"), ctx, HostBuild::onPath)).isEmpty();
  }
}
