package io.jrack.api;

import io.jrack.rack.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code convox deploy -m FILE} as the Convox client sends it ({@code manifest=FILE} with the source):
 * builds here read the manifest at {@code convox.yml}, so the source is rewritten with FILE's content
 * there. Done on the stored object, into a private temporary file next to it.
 */
final class ManifestSwap {
  static final String MANIFEST = "convox.yml";

  private ManifestSwap() {}

  /** Writes {@code source} (a gzipped tar) to {@code target} with {@code manifest}'s content as convox.yml. */
  static void swap(Path source, String manifest, Path target) throws IOException {
    byte[] content = read(source, manifest);
    try (InputStream in = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(source)));
        OutputStream raw = Files.newOutputStream(target);
        TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(raw), "UTF-8")) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveInputStream tar = (TarArchiveInputStream) in;
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (name(e).equals(MANIFEST)) {
          continue;
        }
        out.putArchiveEntry(e);
        if (e.isFile()) {
          tar.transferTo(out);
        }
        out.closeArchiveEntry();
      }
      TarArchiveEntry m = new TarArchiveEntry(MANIFEST);
      m.setSize(content.length);
      m.setMode(0100644);
      out.putArchiveEntry(m);
      out.write(content);
      out.closeArchiveEntry();
      out.finish();
    }
  }

  private static byte[] read(Path source, String manifest) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(source)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile() && name(e).equals(manifest)) {
          return tar.readAllBytes();
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw ProviderException.badRequest("source: not a gzipped tar (" + e.getMessage() + ")");
    }
    throw ProviderException.badRequest("manifest: \"" + manifest + "\" (expected: a file in the source, like convox.yml)");
  }

  private static String name(TarArchiveEntry e) {
    String n = e.getName();
    return n.startsWith("./") ? n.substring(2) : n;
  }
}
