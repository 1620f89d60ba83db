package io.jrack.api;

import io.jrack.files.PrivateFiles;
import io.jrack.rack.ProviderException;
import io.jrack.rack.UploadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Convox's object store, which the client uploads an app's source to before asking for a build
 * ({@code POST /apps/APP/objects/tmp/HEX.tgz}, then {@code url=object://APP/tmp/HEX.tgz}). Objects are
 * files in a private directory of the API's own; they live as long as the API does.
 */
final class ObjectStore implements AutoCloseable {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
  private static final Pattern URL = Pattern.compile("object://([^/]+)/(.+)");

  private final Path dir;

  ObjectStore() {
    try {
      this.dir = Files.createTempDirectory("jrack-objects-", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the API's object store: " + e.getMessage(), e);
    }
  }

  /**
   * Stores {@code body} at {@code app}/{@code key}; returns its {@code object://} URL. Counted while
   * it arrives: past {@code limits} in size (413) or in time (408) it is cut off and nothing is kept.
   */
  String store(String app, String key, InputStream body, UploadLimits limits) throws IOException {
    Path file = path(app, key);
    Files.createDirectories(file.getParent());
    Path part = file.resolveSibling(file.getFileName() + ".part");
    PrivateFiles.create(part);
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    try (var out = Files.newOutputStream(part)) {
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = body.read(buf)) >= 0) {
        total += n;
        if (total > limits.maxBytes()) {
          throw tooLarge("over " + mb(limits.maxBytes()), limits);
        }
        if (System.nanoTime() > deadline) {
          long s = limits.timeout().toSeconds();
          throw new ProviderException(ProviderException.Kind.TIMEOUT,
              "source upload: not done after %d s, %d bytes received (expected within %d s: rack parameter BuildUploadTimeout)".formatted(s, total, s));
        }
        out.write(buf, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return "object://" + app + "/" + key;
  }

  /** Refuses an upload whose declared size is over the limit, before any of it is read. */
  static void checkDeclared(long declaredBytes, UploadLimits limits) {
    if (declaredBytes > limits.maxBytes()) {
      throw tooLarge(declaredBytes >= 10L << 20 ? mb(declaredBytes) : declaredBytes + " bytes", limits);
    }
  }

  private static ProviderException tooLarge(String size, UploadLimits limits) {
    return new ProviderException(ProviderException.Kind.TOO_LARGE, ("source upload: %s (expected at most %s: rack parameter BuildMaxUploadSize;"
        + " leave out what the app does not need with .dockerignore)").formatted(size, mb(limits.maxBytes())));
  }

  private static String mb(long bytes) {
    return (bytes >> 20) + " MB";
  }

  boolean exists(String app, String key) {
    return Files.isRegularFile(path(app, key));
  }

  InputStream open(String app, String key) throws IOException {
    Path file = path(app, key);
    if (!Files.isRegularFile(file)) {
      throw ProviderException.notFound("no such object: " + key);
    }
    return Files.newInputStream(file);
  }

  void delete(String app, String key) throws IOException {
    if (!Files.deleteIfExists(path(app, key))) {
      throw ProviderException.notFound("no such object: " + key);
    }
  }

  /** The file of the stored object an {@code object://APP/KEY} URL of {@code app} names. */
  Path file(String app, String url, String field) {
    var m = URL.matcher(url == null ? "" : url);
    if (!m.matches() || !m.group(1).equals(app)) {
      throw ProviderException.badRequest(field + ": \"" + url + "\" (expected: object://" + app + "/KEY, a key stored with POST /apps/" + app + "/objects/KEY)");
    }
    Path file = path(app, m.group(2));
    if (!Files.isRegularFile(file)) {
      throw ProviderException.notFound("no such object: " + m.group(2));
    }
    return file;
  }

  /** Deletes a {@code tmp/} object once used (the client's upload of a source for one build); others stay. */
  void usedOnce(String app, String url) throws IOException {
    var m = URL.matcher(url == null ? "" : url);
    if (m.matches() && m.group(1).equals(app) && m.group(2).startsWith("tmp/")) {
      Files.deleteIfExists(path(app, m.group(2)));
    }
  }

  /** A new private file in the store, for a rewritten object; the caller deletes it. */
  Path scratch() throws IOException {
    Path f = dir.resolve("scratch-" + java.util.UUID.randomUUID());
    PrivateFiles.create(f);
    return f;
  }

  private Path path(String app, String key) {
    if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
      throw ProviderException.badRequest("object key: \"" + key + "\" (expected: letters, digits, . _ - and / between them)");
    }
    return dir.resolve(app).resolve(key);
  }

  @Override
  public void close() {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
