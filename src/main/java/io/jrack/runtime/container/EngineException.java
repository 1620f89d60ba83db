package io.jrack.runtime.container;

/** An engine command that failed, with what the engine said (its last lines of output). */
public final class EngineException extends Exception {
  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }
}
