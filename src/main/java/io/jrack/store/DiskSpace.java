package io.jrack.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The free space of the file system that holds the rack's directory. Below {@code minFree} the
 * rack is read-only: it refuses what would write (builds, env, new apps) and still deletes, which
 * is how space comes back. A reserve file of {@link #RESERVE_BYTES} is kept beside {@code rack.db}
 * while there is room, and given up when the disk is full, so the store can still open and commit
 * those deletes.
 */
public final class DiskSpace {
  static final long RESERVE_BYTES = 1 << 20;
  static final String RESERVE = "rack.db.reserve";
  private static final String NO_SPACE = "No space left on device";
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Path dir;
  private final long minFree;

  public DiskSpace(Path dir, long minFree) {
    this.dir = dir.toAbsolutePath();
    this.minFree = minFree;
  }

  /** Bytes this process may still write there; Long.MAX_VALUE when the file system will not say. */
  public long usable() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  public boolean low() {
    return usable() < minFree;
  }

  /** Why a write is refused now, or null while there is room. */
  public String refusal() {
    long free = usable();
    if (free >= minFree) {
      return null;
    }
    return "disk full: %s (%d KB free, the rack needs %d KB): the rack is read-only until space is freed (convox apps delete, or free space on that disk)"
        .formatted(dir, free / 1024, minFree / 1024);
  }

  /** Gives the reserve's room to the store (the disk is full). */
  public void releaseReserve() throws IOException {
    Files.deleteIfExists(dir.resolve(RESERVE));
  }

  /** Puts the reserve back when it is missing and there is room for it beyond {@code minFree}. */
  public void keepReserve() throws IOException {
    Path reserve = dir.resolve(RESERVE);
    if (Files.exists(reserve)) {
      // Racks before 2026-12-03 made it world-readable.
      Files.setPosixFilePermissions(reserve, PosixFilePermissions.fromString("rw-------"));
      return;
    }
    if (usable() < minFree + RESERVE_BYTES) {
      return;
    }
    // Random bytes: a file system that compresses or dedupes would store zeros in no space at all.
    byte[] block = new byte[64 << 10];
    SecureRandom random = new SecureRandom();
    Path tmp = dir.resolve(RESERVE + ".tmp");
    Files.deleteIfExists(tmp);
    // Private like every file beside the store: it says nothing, but nothing there is anyone else's.
    Files.createFile(tmp, OWNER_ONLY);
    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long written = 0; written < RESERVE_BYTES; written += block.length) {
        random.nextBytes(block);
        out.write(block);
      }
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, reserve);
  }

  public static String describe(Throwable e) {
    return describe(e, null);
  }

  /**
   * {@code disk full: <file>} when {@code e} (or a cause of it) is a write that failed for want of
   * space, else null; {@code where} names the place when the failure does not (the JDK's stream
   * writes say only {@code ENOSPC}'s text).
   */
  public static String describe(Throwable e, Path where) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StoreException s && s.diskFull()) {
        return s.getMessage();
      }
      if (t instanceof FileSystemException f && NO_SPACE.equals(f.getReason())) {
        return "disk full: " + f.getFile();
      }
      if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains(NO_SPACE)) {
        return where == null ? "disk full" : "disk full: " + where;
      }
    }
    return null;
  }
}
