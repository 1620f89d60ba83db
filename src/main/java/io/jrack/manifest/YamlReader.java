package io.jrack.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Turns YAML text into a {@link YNode} tree, reporting syntax errors, duplicate keys, non-string
 * keys and excessive nesting as diagnostics instead of exceptions.
 */
final class YamlReader {
  /** Manifests are a few KB; anything this large is a mistake, and parsing it would be slow. */
  static final int MAX_CODE_POINTS = 2 * 1024 * 1024;

  static final int MAX_DEPTH = 64;

  /**
   * Values reached a second time through an alias. Aliases of aliases multiply ("billion laughs":
   * nine lists of nine aliases of the list before are 9^9 values), so the expansion is capped.
   */
  static final int MAX_ALIASED_VALUES = 100_000;
  private static final String MERGE_KEY = "<<";

  private final Diagnostics diagnostics;
  private final Map<String, String> env;
  private final Set<Node> converted = Collections.newSetFromMap(new IdentityHashMap<>());
  private int aliased;

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
            .setAllowNonScalarKeys(true) // reported by convert(), with the key's position
            .setUseMarks(true)
            .build();
    Node root;
    GuardedParser parser = null;
    try {
      parser = new GuardedParser(new ParserImpl(settings, new StreamReader(settings, text)));
      Composer documents = new Composer(settings, parser);
      List<Node> nodes = new ArrayList<>();
      while (documents.hasNext()) {
        Node document = documents.next();
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
    } catch (TooDeep e) {
      diagnostics.error(position(e.getProblemMark()), "nesting is too deep (expected: at most " + MAX_DEPTH + " levels)");
      return Optional.empty();
    } catch (MarkedYamlEngineException e) {
      String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      diagnostics.error(position(e.getProblemMark()), "invalid YAML: " + problem + context);
      return Optional.empty();
    } catch (ReaderException e) {
      int at = firstUnprintable(text);
      diagnostics.error(
          at < 0 ? lastPosition(parser) : positionOf(text, at),
          "invalid YAML: character U+%04X is not allowed (expected: printable Unicode text)"
              .formatted(at < 0 ? e.getCodePoint() : text.codePointAt(at)));
      return Optional.empty();
    } catch (YamlEngineException e) {
      // The composer's own checks (aliases, recursive keys) carry no mark: use the last event's.
      diagnostics.error(lastPosition(parser), "invalid YAML: " + firstLine(e.getMessage()));
      return Optional.empty();
    } catch (StackOverflowError e) {
      // Unreachable while GuardedParser limits the depth; kept so a regression is still a diagnostic.
      diagnostics.error(lastPosition(parser), "nesting is too deep (expected: at most " + MAX_DEPTH + " levels)");
      return Optional.empty();
    }
    return Optional.ofNullable(convert(root, 0));
  }

  private YNode convert(Node node, int depth) {
    Position at = position(node.getStartMark());
    // Counted before the depth check: an alias can put a long list past the limit many times over.
    if (!converted.add(node) && ++aliased > MAX_ALIASED_VALUES) {
      if (aliased == MAX_ALIASED_VALUES + 1) {
        diagnostics.error(at,
            "aliases expand to more than %d values (expected: anchors that repeat a few values, not ones that multiply each other)"
                .formatted(MAX_ALIASED_VALUES));
      }
      return null;
    }
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
      // Quoted too, as go-yaml reads it: convox's own full.yml writes "<<": *proxy.
      if (MERGE_KEY.equals(key)) {
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

  private static Position lastPosition(GuardedParser parser) {
    Position at = parser == null ? Position.UNKNOWN : position(parser.last);
    return at.isKnown() ? at : new Position(1, 1);
  }

  /** The index of the first code point the YAML reader rejects, or -1. */
  private static int firstUnprintable(String text) {
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      if (!StreamReader.isPrintable(text.codePointAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The line and column of a char index, counting line breaks and columns as the YAML reader does. */
  static Position positionOf(String text, int index) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < index; i += Character.charCount(text.codePointAt(i))) {
      int c = text.codePointAt(i);
      boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
      if (c == '\n' || c == '\r' && !crlf || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        line++;
        column = 1;
      } else if (!crlf) {
        column++;
      }
    }
    return new Position(line, column);
  }

  /**
   * The parser's events, passed on to the composer. The composer recurses once per level of
   * nesting, so input like ten thousand {@code [} would overflow the stack: this stops it at the
   * first level that {@link #convert} would reject anyway. It also remembers where the last event
   * was, for the composer's errors that come without a position.
   */
  private static final class GuardedParser implements Parser {
    private final Parser parser;
    private int depth;
    private Optional<Mark> last = Optional.empty();

    GuardedParser(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      return parser.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return parser.hasNext();
    }

    @Override
    public Event next() {
      Event event = parser.next();
      last = event.getStartMark();
      switch (event.getEventId()) {
        case SequenceStart, MappingStart -> {
          if (++depth > MAX_DEPTH + 1) {
            throw new TooDeep(event.getStartMark());
          }
        }
        case SequenceEnd, MappingEnd -> depth--;
        default -> {}
      }
      return event;
    }
  }

  private static final class TooDeep extends MarkedYamlEngineException {
    TooDeep(Optional<Mark> at) {
      super("", Optional.empty(), "nesting is too deep", at);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
