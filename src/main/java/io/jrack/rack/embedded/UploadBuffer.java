package io.jrack.rack.embedded;

import io.jrack.rack.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;

/**
 * Receives an upload into a private temporary file before a build takes the app's lock: a slow or
 * huge upload then costs its own connection and disk, never the app's other changes. The size and
 * the time are counted while reading, so a refused upload stops at its limit.
 */
final class UploadBuffer {
  private final Path dir;
  private final Clock clock;

  UploadBuffer(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** Refuses an upload whose declared size is over the limit before a byte of it is read. */
  static void checkDeclared(long declaredBytes, BuildLimits limits) {
    if (declaredBytes > limits.uploadBytes()) {
      throw tooLarge(BuildLimits.size(declaredBytes), limits);
    }
  }

  private static ProviderException tooLarge(String size, BuildLimits limits) {
    return new ProviderException(ProviderException.Kind.TOO_LARGE, ("source upload: %s (expected at most %s: rack parameter %s;"
        + " leave out what the app does not need with .dockerignore)").formatted(size, BuildLimits.mb(limits.uploadBytes()), BuildLimits.UPLOAD_SIZE));
  }

  /** Copies {@code in} to a new 0600 file and returns it; the caller deletes it. */
  Path receive(InputStream in, BuildLimits limits) {
    Path file = null;
    try {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "upload-", ".tgz", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      copy(in, file, limits);
      return file;
    } catch (IOException e) {
      delete(file);
      if (DiskFull.is(e)) {
        throw new ProviderException(ProviderException.Kind.INSUFFICIENT_STORAGE, DiskFull.describe(e, dir));
      }
      throw ProviderException.badRequest("source upload failed: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      delete(file);
      throw e;
    }
  }

  private void copy(InputStream in, Path file, BuildLimits limits) throws IOException {
    long deadline = clock.millis() + limits.uploadTimeout().toMillis();
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > limits.uploadBytes()) {
          throw tooLarge("over " + BuildLimits.mb(limits.uploadBytes()), limits);
        }
        if (clock.millis() > deadline) {
          throw new ProviderException(ProviderException.Kind.TIMEOUT, "source upload: not done after %d s, %d bytes received (expected within %d s: rack parameter %s)"
              .formatted(limits.uploadTimeout().toSeconds(), total, limits.uploadTimeout().toSeconds(), BuildLimits.UPLOAD_TIMEOUT));
        }
        out.write(buffer, 0, n);
      }
    }
  }

  /** Removes uploads a stopped rack left behind. */
  void clean() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      List<Path> left = files.toList();
      left.forEach(UploadBuffer::delete);
    } catch (IOException e) {
      // Nothing depends on them; the next clean tries again.
    }
  }

  static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover upload is removed at the next start (clean).
    }
  }
}
