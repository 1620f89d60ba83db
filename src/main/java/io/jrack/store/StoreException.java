package io.jrack.store;

/** A store failure: a conflict (unique key taken) or the database being unusable. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean conflict;

  public StoreException(String message, boolean conflict, Throwable cause) {
    super(message, cause);
    this.conflict = conflict;
  }

  public boolean conflict() {
    return conflict;
  }
}
