package io.jrack.cli;

import io.jrack.rack.ProviderException;

/**
 * An error meant for the user: its message is printed as {@code ERROR: message} and nothing else.
 * Other exceptions (the rack's refusals included) are described by message, never by stack trace.
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
    if (e instanceof ProviderException p) {
      return p.getMessage() == null || p.getMessage().isBlank() ? "the rack refused the request (" + p.kind() + ")" : p.getMessage();
    }
    if (e instanceof java.io.UncheckedIOException u && u.getCause() != null && u.getCause().getMessage() != null) {
      return u.getCause().getMessage();
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  static int exitCode(Exception e) {
    return e instanceof UserError u ? u.exitCode : 1;
  }
}
