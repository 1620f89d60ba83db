package io.jrack.manifest;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Convox's {@code ${VAR}} substitution, applied to the raw text before YAML parsing. An unknown
 * variable becomes the empty string, as upstream does.
 */
public final class Interpolation {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}\\s]*)}");

  private Interpolation() {}

  public static String apply(String text, Map<String, String> env) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }
}
