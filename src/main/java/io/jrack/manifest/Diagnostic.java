package io.jrack.manifest;

/**
 * One problem found in a manifest. {@link #toString()} gives the form users see:
 * {@code convox.yml:12:5: port: "abc" (expected: a number 1-65535)}.
 */
public record Diagnostic(String file, Position position, Severity severity, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    String where = position.isKnown() ? file + ":" + position : file;
    String kind = severity == Severity.WARNING ? "warning: " : "";
    return where + ": " + kind + message;
  }
}
