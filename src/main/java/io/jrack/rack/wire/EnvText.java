package io.jrack.rack.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An environment as Convox sends it (a release's {@code env}, the {@code env} form field): one
 * {@code KEY=value} per line, sorted, split at the first {@code =} (structs.Environment String/Load).
 * A value cannot hold a line break in this form, in Convox as here.
 */
public final class EnvText {
  private EnvText() {}

  public static String format(Map<String, String> env) {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(env).forEach((k, v) -> lines.add(k + "=" + v));
    lines.sort(null);
    return String.join("\n", lines);
  }

  /**
   * The environment of {@code text}; empty lines are skipped. A line that is not {@code KEY=value}
   * (no {@code =}, or a blank key) is refused, saying which: Convox skips such lines, and a value
   * silently lost is worse than a request refused.
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> env = new TreeMap<>();
    if (text == null) {
      return env;
    }
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || line.substring(0, eq).isBlank()) {
        String shown = line.length() > 60 ? line.substring(0, 60) + "..." : line;
        throw new IllegalArgumentException("env line %d: \"%s\" (expected: KEY=value)".formatted(i + 1, shown));
      }
      env.put(line.substring(0, eq).strip(), line.substring(eq + 1));
    }
    return env;
  }
}
