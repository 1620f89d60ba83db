package io.jrack.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

  @Test
  void writtenAndCreatedFilesAreOwnerOnly(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret");
    PrivateFiles.write(secret, "one");
    PrivateFiles.write(secret, "two");
    assertThat(Files.readString(secret)).isEqualTo("two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
    assertThat(dir.resolve("secret.tmp")).doesNotExist();

    Path log = dir.resolve("log");
    PrivateFiles.create(log);
    Files.writeString(log, "kept");
    PrivateFiles.create(log);
    assertThat(Files.readString(log)).isEqualTo("kept");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
  }
}
