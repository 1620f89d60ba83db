package io.jrack.rack.embedded;

import io.jrack.rack.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an uploaded app source (gzipped tar) into a build directory, refusing anything that
 * would land outside it (absolute paths, {@code ..}) and anything over the limits, counted as the
 * bytes are written: a gzip bomb stops at the unpacked limit, not after its entry. Links, devices
 * and fifos are not unpacked (a build has no use for them and a link could escape); the links are
 * reported so that a linked {@code convox.yml} is refused rather than missed.
 */
final class SourceArchive {
  private static final int BUFFER = 64 * 1024;

  /** What was unpacked: entries seen, bytes written, and the links left out (path to "symbolic link" or "hard link"). */
  record Unpacked(int entries, long bytes, Map<String, String> links) {}

  /** Writing the unpacked files failed (a full disk, say), as opposed to reading the archive. */
  static final class WriteFailed extends IOException {
    private static final long serialVersionUID = 1L;
    private final String path;

    WriteFailed(Path path, IOException cause) {
      super(cause.getMessage(), cause);
      this.path = path.toString();
    }

    /** The file or directory that could not be written. */
    Path path() {
      return Path.of(path);
    }
  }

  private SourceArchive() {}

  /**
   * Throws {@link ProviderException} for an archive that is unreadable or breaks a rule, and
   * {@link WriteFailed} when the build directory cannot be written.
   */
  static Unpacked extract(InputStream gzipped, Path into, BuildLimits limits) throws WriteFailed {
    Path root = into.toAbsolutePath().normalize();
    Counter count = new Counter(limits);
    Map<String, String> links = new TreeMap<>();
    createDirectories(root);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(gzipped))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        count.entry();
        Path target = target(root, entry.getName());
        // Checked before isFile(), which is also true of links.
        if (entry.isSymbolicLink() || entry.isLink()) {
          links.put(root.relativize(target).toString(), entry.isSymbolicLink() ? "symbolic link" : "hard link");
        } else if (entry.isDirectory()) {
          createDirectories(target);
        } else if (entry.isFile()) {
          createDirectories(target.getParent());
          copy(tar, target, count);
          if ((entry.getMode() & 0100) != 0) {
            target.toFile().setExecutable(true, false);
          }
        }
      }
    } catch (WriteFailed e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      // commons-compress reports some malformed headers (a bad number) as IllegalArgumentException.
      throw ProviderException.badRequest("source archive is not a readable gzipped tar: " + e.getMessage());
    }
    return new Unpacked(count.entries, count.bytes, links);
  }

  private static Path target(Path root, String name) {
    Path target;
    try {
      target = root.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw ProviderException.badRequest("source archive entry has an invalid path: \"%s\" (%s)".formatted(printable(name), e.getReason()));
    }
    if (!target.startsWith(root) || name.startsWith("/")) {
      throw ProviderException.badRequest("source archive entry escapes the app directory: " + printable(name));
    }
    return target;
  }

  /** The name with control characters (a NUL above all) shown as \\uXXXX, so that a message can carry it. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? "\\u%04x".formatted(c) : Character.toString(c)));
    return out.toString();
  }

  private static void createDirectories(Path dir) throws WriteFailed {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new WriteFailed(dir, e);
    }
  }

  /** Reads of {@code in} fail as the archive's fault, writes as {@link WriteFailed}. */
  private static void copy(InputStream in, Path target, Counter count) throws IOException {
    OutputStream out;
    try {
      out = Files.newOutputStream(target);
    } catch (IOException e) {
      throw new WriteFailed(target, e);
    }
    byte[] buffer = new byte[BUFFER];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        count.bytes(n);
        try {
          out.write(buffer, 0, n);
        } catch (IOException e) {
          throw new WriteFailed(target, e);
        }
      }
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        throw new WriteFailed(target, e);
      }
    }
  }

  /** Counts against the limits before anything is written. */
  private static final class Counter {
    private final BuildLimits limits;
    int entries;
    long bytes;

    Counter(BuildLimits limits) {
      this.limits = limits;
    }

    void entry() {
      if (++entries > limits.entries()) {
        throw ProviderException.badRequest(("source archive has over %d entries (expected at most %d: rack parameter %s;"
            + " leave out what the app does not need with .dockerignore)").formatted(limits.entries(), limits.entries(), BuildLimits.FILES));
      }
    }

    void bytes(int n) {
      bytes += n;
      if (bytes > limits.unpackedBytes()) {
        String max = BuildLimits.mb(limits.unpackedBytes());
        throw ProviderException.badRequest(("source archive unpacks to over %s (expected at most %s: rack parameter %s;"
            + " leave out what the app does not need with .dockerignore)").formatted(max, max, BuildLimits.UNPACKED_SIZE));
      }
    }
  }
}
