package io.jrack.manifest;

/** A 1-based line and column in a manifest file; {@link #UNKNOWN} where no place applies. */
public record Position(int line, int column) {
  public static final Position UNKNOWN = new Position(0, 0);

  public boolean isKnown() {
    return line > 0;
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
