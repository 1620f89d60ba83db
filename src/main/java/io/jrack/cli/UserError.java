package io.jrack.cli;

/**
 * An error meant for the user: its message is printed as {@code ERROR: message} and nothing else.
 * Other exceptions are described by type and message, never by stack trace.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserError(String message) {
    this(message, 1);
  }

  public UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  static String describe(Exception e) {
    if (e instanceof UserError || e.getMessage() != null && e instanceof java.io.IOException) {
      return e.getMessage();
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  static int exitCode(Exception e) {
    return e instanceof UserError u ? u.exitCode : 1;
  }
}
