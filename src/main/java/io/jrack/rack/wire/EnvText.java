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

  /** Lines without {@code =} or with a blank key are skipped, as Convox skips them. */
  public static Map<String, String> parse(String text) {
    Map<String, String> env = new TreeMap<>();
    if (text == null) {
      return env;
    }
    for (String line : text.split("\r?\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.substring(0, eq).isBlank()) {
        env.put(line.substring(0, eq).strip(), line.substring(eq + 1));
      }
    }
    return env;
  }
}
