package io.jrack.manifest;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Random manifests that are valid YAML, for {@link ManifestFuzzTest}: the known keys of
 * convox.yml, at roughly the right places, holding values of random shape. Text mutations mostly
 * break the YAML; these reach the typed reads and the cross-checks instead.
 */
final class RandomManifest {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./=*@+-]*");
  private static final List<String> NAMES = List.of("web", "api", "worker", "db", "x", "Web", "a_b", "1st", "web/api", "");
  private static final List<String> TOP = List.of("services", "resources", "timers", "balancers", "environment", "params", "budget");

  private final Random random;

  RandomManifest(Random random) {
    this.random = random;
  }

  /** A whole manifest: a map of top-level keys, services given a few services of random keys. */
  String manifest() {
    StringBuilder out = new StringBuilder("{");
    int keys = 1 + random.nextInt(4);
    for (int i = 0; i < keys; i++) {
      String key = random.nextInt(8) == 0 ? pick(Mutator.KEYS) : pick(TOP);
      out.append(i == 0 ? "" : ", ").append(scalar(key)).append(": ");
      if (random.nextInt(6) == 0) {
        out.append(node(2));
      } else if (random.nextInt(3) == 0) {
        out.append(flat()); // budget:, or a section written without names
      } else {
        out.append(section());
      }
    }
    return out.append("}\n").toString();
  }

  /** A map of names to maps of known keys: the shape of services, resources, timers and balancers. */
  private String section() {
    StringBuilder out = new StringBuilder("{");
    int entries = random.nextInt(4);
    for (int i = 0; i < entries; i++) {
      out.append(i == 0 ? "" : ", ").append(scalar(pick(NAMES) + (random.nextBoolean() ? "" : String.valueOf(i)))).append(": {");
      int keys = random.nextInt(6);
      for (int k = 0; k < keys; k++) {
        out.append(k == 0 ? "" : ", ").append(scalar(pick(Mutator.KEYS))).append(": ").append(node(3));
      }
      out.append('}');
    }
    return out.append('}').toString();
  }

  /** A map of known keys to random values. */
  private String flat() {
    StringBuilder out = new StringBuilder("{");
    int keys = random.nextInt(6);
    for (int k = 0; k < keys; k++) {
      out.append(k == 0 ? "" : ", ").append(scalar(pick(Mutator.KEYS))).append(": ").append(node(3));
    }
    return out.append('}').toString();
  }

  /** A scalar, list or map, nested at most {@code depth} more levels. */
  private String node(int depth) {
    int kind = depth <= 0 ? 0 : random.nextInt(5);
    if (kind <= 2) {
      return random.nextBoolean() ? scalar(pick(Mutator.VALUES)) : scalar(pick(Mutator.KEYS) + "-" + random.nextInt(70_000));
    }
    StringBuilder out = new StringBuilder(kind == 3 ? "[" : "{");
    int items = random.nextInt(4);
    for (int i = 0; i < items; i++) {
      out.append(i == 0 ? "" : ", ");
      if (kind == 4) {
        out.append(scalar(random.nextBoolean() ? pick(Mutator.KEYS) : pick(NAMES))).append(": ");
      }
      out.append(node(depth - 1));
    }
    return out.append(kind == 3 ? "]" : "}").toString();
  }

  /** The text plain when YAML reads it back as the same string, double-quoted with escapes otherwise. */
  private String scalar(String text) {
    if (PLAIN.matcher(text).matches() && random.nextInt(4) != 0) {
      return text;
    }
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0xD800 && c <= 0xDFFF)) {
        out.append("\\u%04x".formatted(c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }

  private String pick(List<String> from) {
    return from.get(random.nextInt(from.size()));
  }
}
