package io.jrack.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node reduced to what a manifest needs: maps with string keys in file order, lists and
 * scalars, each with its position. Anchors and merge keys are already resolved.
 */
sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

  Position position();

  /** What a user would call this kind of value, for error messages. */
  String kind();

  /** A mapping; {@code keys} holds each key's own position. */
  record YMap(Position position, LinkedHashMap<String, YNode> entries, Map<String, Position> keys)
      implements YNode {
    public String kind() {
      return "a map";
    }

    YNode get(String key) {
      return entries.get(key);
    }

    Position keyPosition(String key) {
      return keys.getOrDefault(key, position);
    }
  }

  record YList(Position position, List<YNode> items) implements YNode {
    public String kind() {
      return "a list";
    }
  }

  /** A scalar; {@code value} is null for YAML null ({@code ~}, {@code null} or nothing). */
  record YScalar(Position position, String value, boolean quoted) implements YNode {
    public String kind() {
      return value == null ? "nothing" : "\"" + value + "\"";
    }

    boolean isNull() {
      return value == null;
    }
  }
}
