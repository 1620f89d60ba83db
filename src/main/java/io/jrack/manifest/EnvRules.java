package io.jrack.manifest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an app's environment variable may hold. A name is a POSIX shell name ({@code
 * [A-Za-z_][A-Za-z0-9_]*}). A value is one line of text without control characters other than tab.
 * Convox's API carries an environment as one {@code KEY=value} per line (a release's {@code env}), so
 * a line break would cut the value and make its rest a key: a multi-line value (a certificate) is set
 * encoded, e.g. base64, as on Convox. A NUL byte can never be in a process's environment (the OS ends
 * the string there) and the other controls serve no value a program expects; refused when set, they
 * never reach a deploy.
 */
public final class EnvRules {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  static final String VALUE_RULE = "one line, no control characters other than tab: multi-line values are set encoded, e.g. base64";

  private EnvRules() {}

  /** What is wrong with {@code name} as an app environment variable's name, if anything. */
  public static Optional<String> nameProblem(String name) {
    if (name != null && NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of("invalid env name: \"%s\" (expected: letters, digits and _, not starting with a digit)"
        .formatted(name == null ? "" : DnsLabel.shown(name)));
  }

  /** What is wrong with the value of {@code name}, if anything: {@code env GREETING: value has a NUL byte at 5 (...)}. */
  public static Optional<String> valueProblem(String name, String value) {
    return control(value).map(at -> "env %s: value has %s at %d (%s)".formatted(name, describe(value.charAt(at)), at, VALUE_RULE));
  }

  /** The index of the first refused control character in {@code text}. */
  static Optional<Integer> control(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  static String describe(char c) {
    return switch (c) {
      case 0 -> "a NUL byte";
      case '\n' -> "a line feed";
      case '\r' -> "a carriage return";
      default -> "control character U+%04X".formatted((int) c);
    };
  }
}
