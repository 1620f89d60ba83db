package io.jrack.rack.embedded;

import io.jrack.rack.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an uploaded app source (gzipped tar) into a build directory, refusing anything that
 * would land outside it: absolute paths, {@code ..}, links, devices, and archives over the limit.
 */
final class SourceArchive {
  static final long MAX_BYTES = 1L << 30;

  private SourceArchive() {}

  static void extract(InputStream gzipped, Path into) {
    Path root = into.toAbsolutePath().normalize();
    long total = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(gzipped))) {
      Files.createDirectories(root);
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root) || entry.getName().startsWith("/")) {
          throw ProviderException.badRequest("source archive entry escapes the app directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isFile()) {
          Files.createDirectories(target.getParent());
          total += Files.copy(tar, target);
          if (total > MAX_BYTES) {
            throw ProviderException.badRequest("source archive is over " + (MAX_BYTES >> 20) + " MB unpacked (use .dockerignore to leave out what the app does not need)");
          }
          if ((entry.getMode() & 0100) != 0) {
            target.toFile().setExecutable(true, false);
          }
        }
        // Links, devices and fifos are skipped: a build has no use for them and links could escape.
      }
    } catch (IOException e) {
      throw ProviderException.badRequest("source archive is not a readable gzipped tar: " + e.getMessage());
    }
  }
}
