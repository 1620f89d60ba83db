package io.jrack.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** Hand-made gzipped tars for tests of hostile uploads: bombs, many entries, links, raw PAX headers. */
public final class Tgz {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  public Tgz() {
    try {
      GzipParameters p = new GzipParameters();
      p.setCompressionLevel(Deflater.BEST_COMPRESSION);
      tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes, p));
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Tgz file(String name, String text) throws IOException {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  public Tgz file(String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
    return this;
  }

  /** A file of {@code size} bytes, each line of it {@code line} (zeros when null): what a bomb is made of. */
  public Tgz repeated(String name, long size, String line) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(size);
    tar.putArchiveEntry(e);
    byte[] block = new byte[1 << 20];
    if (line != null) {
      byte[] l = line.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < block.length; i++) {
        block[i] = l[i % l.length];
      }
    }
    for (long left = size; left > 0; left -= block.length) {
      tar.write(block, 0, (int) Math.min(block.length, left));
    }
    tar.closeArchiveEntry();
    return this;
  }

  public Tgz symlink(String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  /** A PAX extended header whose {@code path} record is {@code path} as given (a NUL byte included). */
  public Tgz paxPath(String path, String content) throws IOException {
    String record = "path=" + path + "\n";
    int length = record.getBytes(StandardCharsets.UTF_8).length + 1;
    length += String.valueOf(length + String.valueOf(length).length()).length();
    byte[] data = (length + " " + record).getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry pax = new TarArchiveEntry("./PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
    pax.setSize(data.length);
    tar.putArchiveEntry(pax);
    tar.write(data);
    tar.closeArchiveEntry();
    return file("placeholder", content);
  }

  public byte[] bytes() throws IOException {
    tar.close();
    return bytes.toByteArray();
  }

  public InputStream stream() throws IOException {
    return new java.io.ByteArrayInputStream(bytes());
  }

  /** Writes the archive to {@code out}. */
  public void to(OutputStream out) throws IOException {
    out.write(bytes());
  }
}
