package io.jrack.runtime;

/** A release that could not be made to run, with the reason the user should see. */
public final class RuntimeFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public RuntimeFailure(String message) {
    super(message);
  }
}
