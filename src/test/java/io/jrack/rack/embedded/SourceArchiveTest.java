package io.jrack.rack.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.ProviderException;
import io.jrack.testing.Tgz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking hostile sources: the limits hold while the bytes are written, links never become files. */
class SourceArchiveTest {
  private static final long CAP = 16L << 20;
  private static final BuildLimits LIMITS = new BuildLimits(256L << 20, CAP, 100, Duration.ofSeconds(60), 50);

  @Test
  void aGzipBombStopsAtTheUnpackedLimit(@TempDir Path tmp) throws IOException {
    // 256 MB of zeros in one entry, about 250 KB gzipped: the old check (after each entry) wrote all of it.
    byte[] bomb = new Tgz().file("convox.yml", "services: {}\n").repeated("zeros", 256L << 20, null).bytes();
    Path into = tmp.resolve("build");
    assertThatThrownBy(() -> SourceArchive.extract(new java.io.ByteArrayInputStream(bomb), into, LIMITS))
        .isInstanceOf(ProviderException.class)
        .hasMessage("source archive unpacks to over 16 MB (expected at most 16 MB: rack parameter BuildMaxUnpackedSize;"
            + " leave out what the app does not need with .dockerignore)");
    long written = sizeOf(into);
    System.out.printf("gzip bomb: %d bytes gzipped, %d bytes written under a cap of %d%n", bomb.length, written, CAP);
    assertThat(written).isLessThanOrEqualTo(CAP);
  }

  @Test
  void entriesAreCountedBeforeTheyAreWritten(@TempDir Path tmp) throws IOException {
    Tgz many = new Tgz();
    for (int i = 0; i < 500; i++) {
      many.file("f" + i, "");
    }
    Path into = tmp.resolve("build");
    assertThatThrownBy(() -> SourceArchive.extract(many.stream(), into, LIMITS))
        .hasMessageStartingWith("source archive has over 100 entries (expected at most 100: rack parameter BuildMaxFiles");
    try (var files = Files.list(into)) {
      assertThat(files.count()).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void aSymlinkIsReportedNotUnpackedAsAnEmptyFile(@TempDir Path tmp) throws IOException {
    Path into = tmp.resolve("build");
    SourceArchive.Unpacked u = SourceArchive.extract(new Tgz().symlink("convox.yml", "/etc/passwd").file("a", "x").stream(), into, LIMITS);
    assertThat(u.links()).containsEntry("convox.yml", "symbolic link");
    assertThat(into.resolve("convox.yml")).doesNotExist();
    assertThat(u.entries()).isEqualTo(2);
    assertThat(u.bytes()).isEqualTo(1);
  }

  @Test
  void aPaxPathWithANulByteIsABadRequest(@TempDir Path tmp) {
    assertThatThrownBy(() -> SourceArchive.extract(new Tgz().paxPath("a\0b", "x").stream(), tmp.resolve("build"), LIMITS))
        .isInstanceOf(ProviderException.class)
        .hasMessage("source archive entry has an invalid path: \"a\\u0000b\" (Nul character not allowed)");
  }

  static long sizeOf(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (var paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
