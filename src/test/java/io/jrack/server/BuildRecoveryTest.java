package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrack.rack.Build;
import io.jrack.store.SqliteStore;
import io.jrack.testing.TestRack;
import io.jrack.testing.Tgz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds never stay {@code running} (#13.5) and a full disk is said as such (#14.6). */
class BuildRecoveryTest {

  @Test
  void aBuildLeftRunningByADeadRackIsFailedAtStart(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("rack");
    try (TestRack rack = TestRack.start(dir)) {
      rack.client.appCreate("app");
    }
    // What a rack killed in the middle of a build leaves: the row says running, half a directory.
    Path half = dir.resolve("apps/app/builds/BINTERRUPTED");
    Files.createDirectories(half);
    Files.writeString(half.resolve("part"), "x");
    try (SqliteStore store = SqliteStore.open(dir)) {
      store.putBuild(new Build("BINTERRUPTED", "app", "running", null, "", null, Instant.now(), null, ""));
    }
    try (TestRack rack = TestRack.start(dir)) {
      Build b = rack.client.buildGet("app", "BINTERRUPTED");
      assertThat(b.status()).isEqualTo("failed");
      assertThat(b.logs()).isEqualTo("ERROR: build interrupted by a rack restart\n");
      assertThat(b.ended()).isNotNull();
      assertThat(half).doesNotExist();
    }
  }

  @Test
  void aFullDiskFailsTheBuildSayingSoAndLeavesNoPartialDirectory(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("rack");
    try (TestRack rack = TestRack.start(dir)) {
      rack.client.appCreate("app");
      // The builds live on a 1 MB file system of their own: a real ENOSPC, nothing else of the rack on it.
      Path builds = Files.createDirectories(dir.resolve("apps/app/builds"));
      assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", builds.toString()) == 0, "mounting a tmpfs needs root");
      try {
        byte[] big = new byte[2 << 20];
        new java.util.Random(7).nextBytes(big);
        Build b = rack.client.buildCreate("app", new Tgz().file("convox.yml", BuildUploadTest.MANIFEST).file("big", big).stream(), null);
        assertThat(b.status()).isEqualTo("failed");
        assertThat(b.logs()).contains("ERROR: disk full: " + builds.resolve(b.id()).resolve("big"));
        try (var left = Files.list(builds)) {
          assertThat(left).as("the partial build directory").isEmpty();
        }
      } finally {
        run("umount", builds.toString());
      }
    }
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }
}
