package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import io.jrack.sdk.RackClient;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rack on a real full disk: a 16 MB tmpfs mounted for each test. A write that does not fit says
 * {@code disk full: <path>} (507) and leaves the store as it was; a rack whose disk is full starts,
 * read-only (507 {@code disk full} for writes), still deletes, and is whole again once a delete
 * has made room.
 */
class DiskFullTest {
  private static final long MIN_FREE = 1 << 20;

  @TempDir Path tmp;
  private Path disk;
  private Path rackDir;
  private Path small;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    disk = Files.createDirectories(tmp.resolve("disk"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", disk.toString()) == 0,
        "mounting a tmpfs needs root (the test makes a real full disk)");
    rackDir = disk.resolve("rack");
    small = source(tmp.resolve("small"), 0);
  }

  @AfterEach
  void unmount() throws Exception {
    run("umount", "-l", disk.toString());
  }

  @Test
  void aWriteThatDoesNotFitSaysDiskFullWithThePathAndLeavesTheStoreWhole() throws Exception {
    try (Rack rack = Rack.start(rackDir, 0)) {
      rack.client.appCreate("keep");
      rack.client.releasePromote("keep", rack.client.buildCreate("keep", SourceTar.of(small), null).release());
      rack.client.envSet("keep", Map.of("A", "1"), false);
      fill(disk.resolve("filler"));

      // 2 MB of env: the release's rows cannot fit in what SQLite's log has left.
      String big = "x".repeat(2 << 20);
      assertThatThrownBy(() -> rack.client.envSet("keep", Map.of("BIG", big), false)).isInstanceOf(ProviderException.class)
          .hasMessageStartingWith("disk full: " + rackDir.resolve("rack.db")).hasMessageNotContaining("internal error")
          .extracting(e -> ((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.INSUFFICIENT_STORAGE);
      assertThat(rack.client.envGet("keep")).isEqualTo(Map.of("A", "1"));

      Files.delete(disk.resolve("filler"));
      rack.client.envSet("keep", Map.of("B", "2"), false);
      assertThat(rack.client.envGet("keep")).isEqualTo(Map.of("A", "1", "B", "2"));
    }
  }

  @Test
  void aRackOnAFullDiskStartsReadOnlyAndDeletesItsWayOut() throws Exception {
    Path big = source(tmp.resolve("big"), 3 << 20);
    try (Rack rack = Rack.start(rackDir, MIN_FREE)) {
      rack.client.appCreate("keep");
      rack.client.releasePromote("keep", rack.client.buildCreate("keep", SourceTar.of(small), null).release());
      rack.client.appCreate("big");
      for (int i = 0; i < 3; i++) {
        rack.client.buildCreate("big", SourceTar.of(big), null);
      }
    }
    fill(disk.resolve("filler"));
    assertThat(Files.getFileStore(disk).getUsableSpace()).isLessThan(MIN_FREE);

    try (Rack rack = Rack.start(rackDir, MIN_FREE)) {
      // Read-only: reads answer, writes are refused saying why.
      assertThat(rack.client.appList()).extracting(App::name).containsExactly("big", "keep");
      assertThatThrownBy(() -> rack.client.appCreate("new")).isInstanceOf(ProviderException.class)
          .hasMessageStartingWith("disk full: " + rackDir).hasMessageContaining("read-only")
          .extracting(e -> ((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.INSUFFICIENT_STORAGE);
      assertThatThrownBy(() -> rack.client.envSet("keep", Map.of("A", "1"), false)).isInstanceOf(ProviderException.class)
          .hasMessageStartingWith("disk full: ");

      long before = Files.getFileStore(disk).getUsableSpace();
      rack.client.appDelete("big", false);
      long freed = Files.getFileStore(disk).getUsableSpace() - before;
      System.out.printf("full disk: started read-only with %d KB free; apps delete freed %d KB%n", before / 1024, freed / 1024);
      assertThat(freed).isGreaterThan(6L << 20);
      assertThat(rackDir.resolve("apps/big")).doesNotExist();

      // Room again: writes work, and the app the full disk kept from starting runs.
      assertThat(rack.client.appCreate("new").name()).isEqualTo("new");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rack.client.processList("keep")).isNotEmpty());
      assertThat(rack.client.appList()).extracting(App::name).containsExactly("keep", "new");
    }
  }

  /** A rack on {@code dir}, read-only under {@code minFree} bytes free (the default, 64 MB, is more than this disk). */
  private record Rack(RackServer server, RackClient client) implements AutoCloseable {
    static Rack start(Path dir, long minFree) throws Exception {
      RackServer server = RackServer.builder().name("dev").dir(dir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
          .password(TestRack.PASSWORD).endpointPorts(24000, 24999).minFreeDisk(minFree).start();
      return new Rack(server, new RackClient(URI.create(server.apiUrl()), TestRack.PASSWORD));
    }

    @Override
    public void close() {
      server.close();
    }
  }

  private static Path source(Path dir, int blobBytes) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("convox.yml"), "services:\n  worker:\n    build: .\n    command: sleep 600\n");
    if (blobBytes > 0) {
      byte[] blob = new byte[blobBytes];
      new Random(1).nextBytes(blob); // incompressible: it takes its size on the disk
      Files.write(dir.resolve("blob"), blob);
    }
    return dir;
  }

  private static void fill(Path file) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("No space left on device");
    }
  }

  private static int run(String... cmd) throws Exception {
    return new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }
}
