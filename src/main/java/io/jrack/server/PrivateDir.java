package io.jrack.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The rack's directory: created 0700, and tightened to 0700 if it exists with looser rights. */
final class PrivateDir {
  private PrivateDir() {}

  static void create(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
