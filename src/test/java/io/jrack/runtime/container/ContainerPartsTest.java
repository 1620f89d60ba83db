package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container runtime's parts that need no engine: real files and real sockets on loopback. */
class ContainerPartsTest {

  @Test
  void aFailedBuildIsQuotedFromItsLastStep() {
    assertThat(PodmanEngine.failedStep(List.of("STEP 1/3: FROM x", "--> abc", "STEP 2/3: RUN make", "cc: error", "Error: building at STEP \"RUN make\"")))
        .isEqualTo("STEP 2/3: RUN make\ncc: error\nError: building at STEP \"RUN make\"");
    assertThat(PodmanEngine.failedStep(List.of("Error: no such file"))).isEqualTo("Error: no such file");
  }

  /** Podman names every tag of the image it built; a build's log names its own. */
  @Test
  void aBuildLogLeavesOutTheImagesOtherTags() {
    assertThat(PodmanEngine.otherTag("Successfully tagged localhost/jrack/r-a:b2", "localhost/jrack/r-a:b2")).isFalse();
    assertThat(PodmanEngine.otherTag("Successfully tagged localhost/jrack/r-a:b1", "localhost/jrack/r-a:b2")).isTrue();
    assertThat(PodmanEngine.otherTag("STEP 2/3: RUN make", "localhost/jrack/r-a:b2")).isFalse();
  }

  @Test
  void theImagesADockerfileStartsFrom(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("Dockerfile"), "# FROM commented\nFROM --platform=linux/amd64 localhost/jrack/debian:bookworm AS build\nRUN x\nfrom node:20\n");
    assertThat(ImageBuilds.froms(f)).containsExactly("localhost/jrack/debian:bookworm", "node:20");
  }

  @Test
  void baseImageRecipesAreOnlyOurOwnNames() {
    assertThat(BaseImages.makes("localhost/jrack/debian:bookworm")).isTrue();
    assertThat(BaseImages.makes("localhost/jrack/debian:bookworm-python")).isTrue();
    assertThat(BaseImages.makes("localhost/jrack/debian:bookworm-ruby")).isFalse();
    assertThat(BaseImages.makes("debian:bookworm")).isFalse();
  }

  @Test
  void ulimitsStayUnderTheHardLimitsOfTheRack() throws IOException {
    long[] limits = PodmanConfig.hardLimits();
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      String[] f = line.trim().split("\\s{2,}");
      if (f[0].equals("Max open files") && !f[2].equals("unlimited")) {
        assertThat(limits[0]).isLessThanOrEqualTo(Long.parseLong(f[2]));
      }
      if (f[0].equals("Max processes") && !f[2].equals("unlimited")) {
        assertThat(limits[1]).isLessThanOrEqualTo(Long.parseLong(f[2]));
      }
    }
    assertThat(limits[0]).isPositive();
  }

  @Test
  void theRelayServesItsSubnetOnlyAndReachesTheHostsLoopback() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        while (true) {
          try (Socket s = backend.accept()) {
            s.getOutputStream().write("hello from the host\n".getBytes());
          } catch (IOException e) {
            return;
          }
        }
      });
      int port = backend.getLocalPort();
      // The relay listens where a gateway would (here 127.0.0.2), on the port it relays.
      try (HostRelay served = new HostRelay("127.0.0.2", "127.0.0.0/8")) {
        served.expose(port);
        assertThat(read("127.0.0.2", port)).isEqualTo("hello from the host\n");
      }
      try (HostRelay refusing = new HostRelay("127.0.0.3", "10.89.0.0/24")) {
        refusing.expose(port);
        assertThat(read("127.0.0.3", port)).isEmpty();
      }
    }
  }

  private static String read(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes());
    }
  }

  @Test
  void timerSchedulesRunWhenCronWould() {
    java.time.ZonedDateTime t = java.time.ZonedDateTime.parse("2026-12-03T08:41:30Z");
    assertThat(Schedule.parse("* * * * *").next(t)).isEqualTo(java.time.ZonedDateTime.parse("2026-12-03T08:42:00Z"));
    assertThat(Schedule.parse("*/15 * * * *").next(t)).isEqualTo(java.time.ZonedDateTime.parse("2026-12-03T08:45:00Z"));
    assertThat(Schedule.parse("0 3 * * MON-FRI").next(t)).isEqualTo(java.time.ZonedDateTime.parse("2026-12-04T03:00:00Z"));
    assertThat(Schedule.parse("30 2 1 JAN *").next(t)).isEqualTo(java.time.ZonedDateTime.parse("2027-01-01T02:30:00Z"));
    // Both day fields restricted: either one (the 1st, or a Sunday).
    assertThat(Schedule.parse("0 0 1 * 0").next(t)).isEqualTo(java.time.ZonedDateTime.parse("2026-12-06T00:00:00Z"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Schedule.parse("61 * * * *"))
        .hasMessage("schedule \"61 * * * *\": field 61 (expected values 0-59)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Schedule.parse("* * *"))
        .hasMessageContaining("expected 5 fields");
  }
}
