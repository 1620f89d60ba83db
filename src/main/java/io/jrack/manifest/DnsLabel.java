package io.jrack.manifest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for the names a rack turns into host names, directories and cluster objects (apps,
 * services, resources): a DNS label, RFC 1123: lowercase letters, digits and dashes, starting with
 * a letter, not ending with a dash, at most 63 characters. Convox checks only the characters
 * ({@code ^[a-z][a-z0-9-]*$}, with its wording kept here); the length and the last character are
 * what a host name and a Kubernetes object name need on top. So no name can hold {@code /},
 * {@code ..} or a control character.
 */
public final class DnsLabel {
  /** The longest label DNS allows. */
  public static final int MAX = 63;

  private static final Pattern CHARACTERS = Pattern.compile("^[a-z][a-z0-9-]*$");
  /** Gen2 resources may also use {@code _}: Gen2 racks accept it and convox-examples/hasura uses it. */
  private static final Pattern GEN2_RESOURCE = Pattern.compile("^[a-z][a-z0-9_-]*$");

  private DnsLabel() {}

  /** Whether {@code name} is a DNS label of at most {@code max} characters. */
  public static boolean matches(String name, int max) {
    return name != null && name.length() <= max && CHARACTERS.matcher(name).matches() && !name.endsWith("-");
  }

  /** What is wrong with {@code name} as a service, timer or v3 resource name ({@code kind}), if anything. */
  static Optional<String> problem(String kind, String name) {
    return problem(kind, name, CHARACTERS, "must contain only lowercase alphanumeric and dashes");
  }

  /** The same for a Gen2 resource, which may also contain {@code _}. */
  static Optional<String> gen2ResourceProblem(String name) {
    return problem("resource", name, GEN2_RESOURCE, "must contain only lowercase alphanumeric, dashes and underscores");
  }

  private static Optional<String> problem(String kind, String name, Pattern characters, String rule) {
    if (!characters.matcher(name).matches()) {
      return Optional.of("%s name %s invalid, %s".formatted(kind, shown(name), rule));
    }
    if (name.length() > MAX) {
      return Optional.of("%s name %s invalid, must be at most %d characters (a DNS label; got %d)".formatted(kind, shown(name), MAX, name.length()));
    }
    if (name.endsWith("-") || name.endsWith("_")) {
      return Optional.of("%s name %s invalid, must end with a letter or digit (a DNS label)".formatted(kind, name));
    }
    return Optional.empty();
  }

  /** The name as a message shows it: control characters escaped, a long one cut. */
  public static String shown(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints().limit(MAX + 1L).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append("\\x%02x".formatted(c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return name.codePointCount(0, name.length()) > MAX + 1 ? out + "..." : out.toString();
  }
}
