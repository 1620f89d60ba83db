package io.jrack.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An app's source as {@code convox build} sends it: a gzipped tar of the directory, paths relative to
 * it, in lexical order, leaving out what its {@code .dockerignore} says (as Convox's
 * {@code common.Tarball} does). Symbolic links are kept as links, but one pointing outside the
 * directory is refused: the build would otherwise see, or miss, files the user never meant to send.
 */
final class Tarball {
  private static final String MANIFEST = "convox.yml";
  private final Path root;
  private final DockerIgnore ignore;
  private final TarArchiveOutputStream tar;
  private final List<String> names = new ArrayList<>();
  /** {@code deploy -m FILE}: sent as the source's convox.yml, in place of the one there (if any). */
  private final Path manifest;

  private Tarball(Path root, DockerIgnore ignore, TarArchiveOutputStream tar, Path manifest) {
    this.root = root;
    this.ignore = ignore;
    this.tar = tar;
    this.manifest = manifest;
  }

  /** Writes {@code dir} to {@code out} as a gzipped tar and returns the entries' names, in order. */
  static List<String> write(Path dir, OutputStream out) throws IOException {
    return write(dir, null, out);
  }

  /** As {@link #write(Path, OutputStream)}, with {@code manifest} (when not null) as the source's convox.yml. */
  static List<String> write(Path dir, Path manifest, OutputStream out) throws IOException {
    Path root = realDirectory(dir);
    DockerIgnore ignore = DockerIgnore.load(root);
    try (GZIPOutputStream gz = new GZIPOutputStream(nonClosing(out), 64 * 1024);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      Tarball t = new Tarball(root, ignore, tar, manifest);
      t.walk(root, "");
      if (manifest != null) {
        if (!Files.isRegularFile(manifest)) {
          throw new UserError("manifest: no such file: " + manifest);
        }
        TarArchiveEntry e = new TarArchiveEntry(MANIFEST);
        e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | 0644);
        e.setSize(Files.size(manifest));
        e.setModTime(Files.getLastModifiedTime(manifest));
        t.add(e, manifest);
      }
      tar.finish();
      return List.copyOf(t.names);
    }
  }

  /** Packages {@code dir} into a temporary file (the caller deletes it). */
  static Path toTempFile(Path dir) throws IOException {
    return toTempFile(dir, null);
  }

  /** Packages {@code dir}, with {@code manifest} (when not null) as its convox.yml, into a temporary file. */
  static Path toTempFile(Path dir, Path manifest) throws IOException {
    Path file = Files.createTempFile("convox-source-", ".tgz");
    try (OutputStream out = Files.newOutputStream(file)) {
      write(dir, manifest, out);
      return file;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static Path realDirectory(Path dir) throws IOException {
    try {
      Path real = dir.toRealPath();
      if (!Files.isDirectory(real)) {
        throw new UserError("not a directory: " + dir);
      }
      return real;
    } catch (NoSuchFileException e) {
      throw new UserError("no such directory: " + dir);
    }
  }

  private void walk(Path dir, String rel) throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    }
    for (Path child : children) {
      String name = child.getFileName().toString();
      String path = rel.isEmpty() ? name : rel + "/" + name;
      if (manifest != null && path.equals(MANIFEST)) {
        continue;
      }
      BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (ignore.ignored(path)) {
        if (attrs.isDirectory() && ignore.hasExceptions() && ignore.mustDescend(path)) {
          walk(child, path);
        }
        continue;
      }
      if (attrs.isSymbolicLink()) {
        addLink(child, path);
      } else if (attrs.isDirectory()) {
        TarArchiveEntry e = new TarArchiveEntry(path + "/");
        e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode(child, 0755));
        e.setModTime(attrs.lastModifiedTime());
        add(e, null);
        walk(child, path);
      } else if (attrs.isRegularFile()) {
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode(child, 0644));
        e.setSize(attrs.size());
        e.setModTime(attrs.lastModifiedTime());
        add(e, child);
      }
      // Sockets, pipes and devices are not source: left out.
    }
  }

  private void addLink(Path link, String path) throws IOException {
    Path target = Files.readSymbolicLink(link);
    Path resolved = (target.isAbsolute() ? target : link.getParent().resolve(target)).normalize();
    if (!resolved.startsWith(root)) {
      throw new UserError("symlink " + path + " points outside " + root + ": " + target
          + " (remove it, or list it in .dockerignore)");
    }
    TarArchiveEntry e = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
    e.setLinkName(target.isAbsolute() ? link.getParent().relativize(resolved).toString() : target.toString());
    e.setMode(0120777);
    add(e, null);
  }

  private void add(TarArchiveEntry e, Path content) throws IOException {
    tar.putArchiveEntry(e);
    if (content != null) {
      try (InputStream in = Files.newInputStream(content)) {
        long copied = in.transferTo(tar);
        if (copied != e.getSize()) {
          throw new IOException(content + " changed while being packaged");
        }
      }
    }
    tar.closeArchiveEntry();
    names.add(e.getName());
  }

  private static int mode(Path p, int fallback) {
    try {
      Set<PosixFilePermission> perms =
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
      int m = 0;
      for (PosixFilePermission perm : perms) {
        m |= 1 << (8 - perm.ordinal());
      }
      return m;
    } catch (UnsupportedOperationException | IOException e) {
      return fallback;
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
