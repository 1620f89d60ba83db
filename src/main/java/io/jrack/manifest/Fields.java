package io.jrack.manifest;

import io.jrack.manifest.YNode.YList;
import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of YAML values. Each read either returns a value or records an error naming the
 * field, the value found and what was expected, then returns null so parsing can go on.
 */
final class Fields {
  private final Diagnostics diagnostics;

  Fields(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  Diagnostics diagnostics() {
    return diagnostics;
  }

  void error(YNode at, String field, String expected) {
    diagnostics.error(at.position(), "%s: %s (expected: %s)".formatted(field, at.kind(), expected));
  }

  String string(YNode node, String field) {
    if (node instanceof YScalar s) {
      return s.value();
    }
    error(node, field, "a string");
    return null;
  }

  Integer integer(YNode node, String field, int min, int max) {
    String expected = max == Integer.MAX_VALUE ? "a number >= " + min : "a number " + min + "-" + max;
    if (node instanceof YScalar s && s.value() != null) {
      Integer value = parseInt(s.value());
      if (value != null && value >= min && value <= max) {
        return value;
      }
    }
    error(node, field, expected);
    return null;
  }

  /** A finite decimal number such as {@code 200} or {@code 0.5}. */
  Double decimal(YNode node, String field) {
    if (node instanceof YScalar s && s.value() != null) {
      try {
        double value = Double.parseDouble(s.value().strip());
        if (Double.isFinite(value) && !s.value().strip().matches(".*[xXpPfFdD].*")) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    error(node, field, "a number");
    return null;
  }

  Boolean bool(YNode node, String field) {
    if (node instanceof YScalar s && s.value() != null && !s.quoted()) {
      switch (s.value().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> {
          return true;
        }
        case "false", "no", "off" -> {
          return false;
        }
        default -> {}
      }
    }
    error(node, field, "true or false");
    return null;
  }

  /** A list of strings; a single scalar is accepted as a one-item list where Convox allows it. */
  List<String> strings(YNode node, String field, boolean scalarAllowed) {
    List<String> out = new ArrayList<>();
    for (YScalar s : scalars(node, field, scalarAllowed)) {
      out.add(s.value());
    }
    return out;
  }

  List<YScalar> scalars(YNode node, String field, boolean scalarAllowed) {
    List<YScalar> out = new ArrayList<>();
    if (node instanceof YScalar s) {
      if (s.isNull()) {
        return out;
      }
      if (scalarAllowed) {
        out.add(s);
      } else {
        error(node, field, "a list");
      }
      return out;
    }
    if (!(node instanceof YList list)) {
      error(node, field, "a list of strings");
      return out;
    }
    for (YNode item : list.items()) {
      if (item instanceof YScalar s && !s.isNull()) {
        out.add(s);
      } else {
        error(item, field + " entry", "a string");
      }
    }
    return out;
  }

  /** A map, or null with an error; YAML null (an empty body) gives an empty map. */
  YMap map(YNode node, String field) {
    if (node instanceof YMap m) {
      return m;
    }
    if (node instanceof YScalar s && s.isNull()) {
      return new YMap(node.position(), new LinkedHashMap<>(), Map.of());
    }
    error(node, field, "a map");
    return null;
  }

  /** A map of string values (resource options, params, build args). */
  Map<String, String> stringMap(YNode node, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    YMap map = map(node, field);
    if (map == null) {
      return out;
    }
    map.entries().forEach((k, v) -> {
      String value = string(v, field + "." + k);
      out.put(k, value == null ? "" : value);
    });
    return out;
  }

  /** Warns about keys not in {@code known}, suggesting the closest known key. */
  void checkKeys(YMap map, String where, Set<String> known) {
    for (String key : map.entries().keySet()) {
      if (!known.contains(key)) {
        String hint = Suggestions.closest(key, known).map(s -> " (did you mean \"" + s + "\"?)").orElse("");
        diagnostics.warning(map.keyPosition(key), "unknown key \"%s\" in %s is ignored%s".formatted(key, where, hint));
      }
    }
  }

  static Integer parseInt(String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > 10) {
      return null;
    }
    try {
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Converts a node into plain Java values (maps, lists, strings) for keys kept as they are. */
  static Object plain(YNode node) {
    if (node instanceof YScalar s) {
      return s.value();
    }
    if (node instanceof YList l) {
      return l.items().stream().map(Fields::plain).toList();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((YMap) node).entries().forEach((k, v) -> out.put(k, plain(v)));
    return out;
  }
}
