package io.jrack.rack.embedded;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Recognizes a full disk (ENOSPC) behind an {@link IOException}: Java gives it no type of its own,
 * only the system's message, and a user needs "disk full: /path", not the exception's class.
 */
final class DiskFull {
  private static final String ENOSPC = "No space left on device";

  private DiskFull() {}

  static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains(ENOSPC)) {
        return true;
      }
    }
    return false;
  }

  /** {@code disk full: <path>}, the file that could not be written when the exception names it. */
  static String describe(Throwable e, Path where) {
    Path path = where;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FileSystemException fs && fs.getFile() != null) {
        path = Path.of(fs.getFile());
        break;
      }
    }
    return "disk full: " + path;
  }
}
