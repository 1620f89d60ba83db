package io.jrack.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns YAML text into a {@link YNode} tree, reporting syntax errors, duplicate keys, non-string
 * keys and excessive nesting as diagnostics instead of exceptions.
 */
final class YamlReader {
  /** Manifests are a few KB; anything this large is a mistake, and parsing it would be slow. */
  static final int MAX_CODE_POINTS = 2 * 1024 * 1024;

  static final int MAX_DEPTH = 64;
  private static final String MERGE_KEY = "<<";

  private final Diagnostics diagnostics;
  private final Map<String, String> env;

  /**
   * {@code env} fills {@code ${VAR}} in scalars. Substituting after parsing, unlike upstream's
   * substitution in the raw text, keeps every line:col exact and stops a value from injecting YAML
   * structure; a plain scalar that becomes empty reads as null, as it would have upstream.
   */
  YamlReader(Diagnostics diagnostics, Map<String, String> env) {
    this.diagnostics = diagnostics;
    this.env = env;
  }

  /** Returns the document's root, or empty when the text is empty or could not be read. */
  Optional<YNode> read(String text) {
    if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
      diagnostics.error(
          Position.UNKNOWN,
          "file is %d bytes (expected: a manifest under %d MB)"
              .formatted(text.length(), MAX_CODE_POINTS / (1024 * 1024)));
      return Optional.empty();
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setCodePointLimit(MAX_CODE_POINTS + 1)
            .setMaxAliasesForCollections(100)
            .setAllowRecursiveKeys(false)
            .setUseMarks(true)
            .build();
    Node root;
    try {
      Iterable<Node> documents = new Compose(settings).composeAllFromString(text);
      List<Node> nodes = new ArrayList<>();
      for (Node document : documents) {
        nodes.add(document);
        if (nodes.size() > 1) {
          diagnostics.error(
              position(document.getStartMark()),
              "a second YAML document (expected: one document; remove the \"---\" separator)");
          return Optional.empty();
        }
      }
      if (nodes.isEmpty()) {
        return Optional.empty();
      }
      root = nodes.get(0);
    } catch (MarkedYamlEngineException e) {
      String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      diagnostics.error(position(e.getProblemMark()), "invalid YAML: " + problem + context);
      return Optional.empty();
    } catch (YamlEngineException e) {
      diagnostics.error(Position.UNKNOWN, "invalid YAML: " + firstLine(e.getMessage()));
      return Optional.empty();
    } catch (StackOverflowError e) {
      diagnostics.error(
          Position.UNKNOWN, "invalid YAML: nesting is too deep (expected: at most " + MAX_DEPTH + " levels)");
      return Optional.empty();
    }
    return Optional.ofNullable(convert(root, 0));
  }

  private YNode convert(Node node, int depth) {
    Position at = position(node.getStartMark());
    if (depth > MAX_DEPTH) {
      diagnostics.error(at, "nesting is too deep (expected: at most " + MAX_DEPTH + " levels)");
      return null;
    }
    if (node instanceof ScalarNode scalar) {
      boolean quoted = scalar.getScalarStyle() != ScalarStyle.PLAIN;
      String value = !quoted && Tag.NULL.equals(scalar.getTag()) ? null : Interpolation.apply(scalar.getValue(), env);
      if (!quoted && value != null && value.isEmpty()) {
        value = null;
      }
      return new YNode.YScalar(at, value, quoted);
    }
    if (node instanceof SequenceNode sequence) {
      List<YNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        YNode converted = convert(item, depth + 1);
        if (converted != null) {
          items.add(converted);
        }
      }
      return new YNode.YList(at, items);
    }
    MappingNode mapping = (MappingNode) node;
    LinkedHashMap<String, YNode> entries = new LinkedHashMap<>();
    Map<String, Position> keys = new HashMap<>();
    List<YNode.YMap> merges = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Position keyAt = position(tuple.getKeyNode().getStartMark());
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode) || keyNode.getValue() == null) {
        diagnostics.error(keyAt, "a map key must be a plain name (got a list or map as a key)");
        continue;
      }
      String key = Interpolation.apply(keyNode.getValue(), env);
      YNode value = convert(tuple.getValueNode(), depth + 1);
      if (value == null) {
        continue;
      }
      if (MERGE_KEY.equals(key) && keyNode.getScalarStyle() == ScalarStyle.PLAIN) {
        collectMerges(value, merges);
        continue;
      }
      if (entries.containsKey(key)) {
        diagnostics.error(
            keyAt, "duplicate key \"%s\" (first defined at %s)".formatted(key, keys.get(key)));
        continue;
      }
      entries.put(key, value);
      keys.put(key, keyAt);
    }
    // Merge keys fill in what the map does not define itself, earlier sources first.
    for (YNode.YMap source : merges) {
      for (Map.Entry<String, YNode> e : source.entries().entrySet()) {
        if (!entries.containsKey(e.getKey())) {
          entries.put(e.getKey(), e.getValue());
          keys.put(e.getKey(), source.keyPosition(e.getKey()));
        }
      }
    }
    return new YNode.YMap(at, entries, keys);
  }

  private void collectMerges(YNode value, List<YNode.YMap> merges) {
    if (value instanceof YNode.YMap map) {
      merges.add(map);
    } else if (value instanceof YNode.YList list) {
      for (YNode item : list.items()) {
        collectMerges(item, merges);
      }
    } else {
      diagnostics.error(value.position(), "<<: " + value.kind() + " (expected: a map or alias to merge)");
    }
  }

  static Position position(Optional<Mark> mark) {
    return mark.map(m -> new Position(m.getLine() + 1, m.getColumn() + 1)).orElse(Position.UNKNOWN);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
