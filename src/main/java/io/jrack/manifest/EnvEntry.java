package io.jrack.manifest;

import java.util.Optional;

/**
 * One {@code environment:} entry: {@code FOO} (required), {@code FOO=default} (the app's value
 * wins) or {@code *} (the whole app environment).
 */
public record EnvEntry(String name, Optional<String> defaultValue, Position position) {
  public static final String WILDCARD = "*";

  public static EnvEntry parse(String raw, Position position) {
    int eq = raw.indexOf('=');
    if (eq < 0) {
      return new EnvEntry(raw.strip(), Optional.empty(), position);
    }
    return new EnvEntry(raw.substring(0, eq).strip(), Optional.of(raw.substring(eq + 1)), position);
  }

  public boolean isWildcard() {
    return WILDCARD.equals(name);
  }

  public boolean isRequired() {
    return defaultValue.isEmpty() && !isWildcard();
  }

  @Override
  public String toString() {
    return defaultValue.map(v -> name + "=" + v).orElse(name);
  }
}
