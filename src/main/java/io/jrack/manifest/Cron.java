package io.jrack.manifest;

import java.util.regex.Pattern;

/** Timer schedules: Convox v3 normalises AWS-style cron to standard 5-field cron. */
final class Cron {
  private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*/,\\-#LW?]+");

  private Cron() {}

  /** Drops fields after the fifth and turns a lone {@code ?} into {@code *}. */
  static String normalise(String schedule) {
    String[] parts = schedule.strip().split("\\s+");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(5, parts.length); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(parts[i].equals("?") ? "*" : parts[i]);
    }
    return out.toString();
  }

  static boolean isValid(String normalised) {
    String[] parts = normalised.split(" ");
    if (parts.length != 5) {
      return false;
    }
    for (String p : parts) {
      if (!FIELD.matcher(p).matches()) {
        return false;
      }
    }
    return true;
  }
}
