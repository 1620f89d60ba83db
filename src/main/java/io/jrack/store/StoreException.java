package io.jrack.store;

/**
 * A store failure: a conflict (unique key taken), a full disk ({@code disk full: <file>}), or the
 * database being unusable otherwise.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean conflict;
  private final boolean diskFull;

  public StoreException(String message, boolean conflict, Throwable cause) {
    this(message, conflict, false, cause);
  }

  private StoreException(String message, boolean conflict, boolean diskFull, Throwable cause) {
    super(message, cause);
    this.conflict = conflict;
    this.diskFull = diskFull;
  }

  /** Nothing was written: the file system holding {@code file} has no room left. */
  static StoreException diskFull(java.nio.file.Path file, String what, Throwable cause) {
    return new StoreException("disk full: " + file + " (could not " + what + ")", false, true, cause);
  }

  public boolean conflict() {
    return conflict;
  }

  public boolean diskFull() {
    return diskFull;
  }
}
