package io.jrack.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Creates files with mode 0600 from the start, so there is no moment when others could read them. */
public final class PrivateFiles {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private PrivateFiles() {}

  /** Creates {@code file} empty and private when it does not exist yet. */
  public static void create(Path file) throws IOException {
    try {
      Files.createFile(file, OWNER_ONLY);
    } catch (FileAlreadyExistsException e) {
      // Someone made it first: it is there, which is all this asks.
    }
  }

  /** Replaces {@code file} with {@code content} in one rename, private from the first byte. */
  public static void write(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, OWNER_ONLY);
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // A full disk: the old file stays whole, and no half-written copy is left beside it.
      Files.deleteIfExists(tmp);
      throw e;
    }
  }
}
