package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballTest {
  @TempDir Path tmp;

  /** What a tarball holds: entry name to content (files), "->target" (links) or "" (directories). */
  static Map<String, String> extract(byte[] tgz) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isSymbolicLink()) {
          out.put(e.getName(), "->" + e.getLinkName());
        } else if (e.isDirectory()) {
          out.put(e.getName(), "");
        } else {
          out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private Path file(String rel, String content) throws IOException {
    Path p = tmp.resolve("app").resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  private byte[] pack(Path dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Tarball.write(dir, out);
    return out.toByteArray();
  }

  @Test
  void roundTripHonoursDockerignore() throws IOException {
    file(".dockerignore", "node_modules\n**/*.log\ndocs\n!docs/keep.txt\n.git\n");
    file("convox.yml", "services:\n  web:\n    port: 3000\n");
    file("src/app.js", "console.log(1)\n");
    file("node_modules/x/index.js", "x");
    file("logs/a.log", "log");
    file("logs/deep/b.log", "log");
    file("docs/keep.txt", "keep");
    file("docs/other.txt", "other");
    file(".git/HEAD", "ref: refs/heads/main");

    Map<String, String> entries = extract(pack(tmp.resolve("app")));

    assertThat(entries.keySet()).containsExactly(
        ".dockerignore", "convox.yml", "docs/keep.txt", "logs/", "logs/deep/", "src/", "src/app.js");
    assertThat(entries).containsEntry("src/app.js", "console.log(1)\n").containsEntry("docs/keep.txt", "keep");
  }

  @Test
  void withoutDockerignoreEverythingGoesGitIncluded() throws IOException {
    file("convox.yml", "x");
    file(".git/HEAD", "ref");
    file("a/b/c.txt", "c");
    assertThat(extract(pack(tmp.resolve("app"))).keySet())
        .containsExactly(".git/", ".git/HEAD", "a/", "a/b/", "a/b/c.txt", "convox.yml");
  }

  @Test
  void writeReturnsTheEntryNamesInOrder() throws IOException {
    file("b.txt", "b");
    file("a.txt", "a");
    List<String> names = Tarball.write(tmp.resolve("app"), new ByteArrayOutputStream());
    assertThat(names).containsExactly("a.txt", "b.txt");
  }

  @Test
  void keepsExecutableBits() throws IOException {
    Path script = file("run.sh", "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(pack(tmp.resolve("app")))))) {
      TarArchiveEntry e = tar.getNextEntry();
      assertThat(e.getName()).isEqualTo("run.sh");
      assertThat(e.getMode() & 0777).isEqualTo(0755);
      assertThat(e.isFile()).isTrue();
    }
  }

  @Test
  void symlinksInsideAreKeptAsLinks() throws IOException {
    file("src/app.js", "x");
    Path app = tmp.resolve("app");
    Files.createSymbolicLink(app.resolve("main.js"), Path.of("src/app.js"));
    Files.createSymbolicLink(app.resolve("abs.js"), app.toRealPath().resolve("src/app.js"));
    Map<String, String> entries = extract(pack(app));
    assertThat(entries).containsEntry("main.js", "->src/app.js").containsEntry("abs.js", "->src/app.js");
  }

  @Test
  void symlinksPointingOutsideAreRefusedUnlessIgnored() throws IOException {
    file("convox.yml", "x");
    Files.writeString(tmp.resolve("secret.txt"), "secret");
    Path app = tmp.resolve("app");
    Files.createSymbolicLink(app.resolve("escape"), Path.of("../secret.txt"));
    assertThatThrownBy(() -> pack(app)).isInstanceOf(UserError.class)
        .hasMessageContaining("symlink escape points outside").hasMessageContaining("../secret.txt");

    Files.delete(app.resolve("escape"));
    Files.createSymbolicLink(app.resolve("escape"), tmp.resolve("secret.txt"));
    assertThatThrownBy(() -> pack(app)).isInstanceOf(UserError.class).hasMessageContaining("points outside");

    file(".dockerignore", "escape\n");
    assertThat(extract(pack(app)).keySet()).containsExactly(".dockerignore", "convox.yml");
  }

  @Test
  void aSymlinkedDirectoryIsPackagedFromItsTarget() throws IOException {
    file("convox.yml", "x");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("app"));
    assertThat(extract(pack(link)).keySet()).containsExactly("convox.yml");
  }

  @Test
  void aMissingDirectoryIsAUserError() {
    assertThatThrownBy(() -> pack(tmp.resolve("nope"))).isInstanceOf(UserError.class).hasMessageContaining("no such directory");
  }

  @Test
  void aBadDockerignoreNamesTheFile() throws IOException {
    file(".dockerignore", "[\n");
    assertThatThrownBy(() -> pack(tmp.resolve("app"))).isInstanceOf(UserError.class)
        .hasMessageContaining(".dockerignore: syntax error in pattern: [");
  }
}
