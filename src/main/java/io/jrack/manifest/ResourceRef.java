package io.jrack.manifest;

/**
 * A service's use of a top-level resource. {@code variable} is the name of the URL variable it
 * gets: {@code DATABASE_URL} by default, or the alias in v3's {@code - postgresdb:DB_URL}.
 */
public record ResourceRef(String name, String variable, Position position) {

  public static ResourceRef parse(String raw, Position position) {
    int colon = raw.indexOf(':');
    if (colon < 0) {
      return new ResourceRef(raw, Link.envName(raw) + "_URL", position);
    }
    return new ResourceRef(raw.substring(0, colon), raw.substring(colon + 1), position);
  }

  /** The prefix for {@code _HOST}, {@code _PORT} and the rest: the variable without {@code _URL}. */
  public String prefix() {
    return variable.endsWith("_URL") ? variable.substring(0, variable.length() - 4) : variable;
  }

  @Override
  public String toString() {
    return name;
  }
}
