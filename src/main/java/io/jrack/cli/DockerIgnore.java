package io.jrack.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code .dockerignore}, with Docker's rules (moby's {@code ignorefile} and {@code patternmatcher}):
 * one pattern a line, {@code #} comments, {@code *} and {@code ?} within one path segment,
 * {@code **} across segments, {@code !} for exceptions, the last matching pattern wins, and a pattern
 * that matches a directory matches everything in it. Paths are relative to the context, with {@code /}.
 */
final class DockerIgnore {
  private enum MatchType { EXACT, PREFIX, SUFFIX, REGEXP }

  /** One pattern, cleaned as Docker cleans it. */
  record Rule(String pattern, boolean exception, MatchType type, Pattern regex) {
    boolean matches(String path) {
      return switch (type) {
        case EXACT -> path.equals(pattern);
        case PREFIX -> path.startsWith(pattern.substring(0, pattern.length() - 2));
        case SUFFIX -> {
          String suffix = pattern.substring(2);
          yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
        }
        case REGEXP -> regex.matcher(path).matches();
      };
    }
  }

  static final DockerIgnore NONE = new DockerIgnore(List.of());

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  /** {@code dir/.dockerignore}, or no patterns when there is none. */
  static DockerIgnore load(Path dir) throws IOException {
    Path file = dir.resolve(".dockerignore");
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": " + e.getMessage());
    }
  }

  /** Parses the file's text; a bad pattern is an {@link IllegalArgumentException}. */
  static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    boolean first = true;
    for (String line : text.split("\r?\n", -1)) {
      if (first && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      first = false;
      if (line.startsWith("#")) {
        continue;
      }
      String p = line.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean exception = p.charAt(0) == '!';
      if (exception) {
        p = p.substring(1).strip();
        if (p.isEmpty()) {
          throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
        }
      }
      p = clean(p);
      if (p.length() > 1 && p.charAt(0) == '/') {
        p = p.substring(1);
      }
      rules.add(compile(p, exception));
    }
    return new DockerIgnore(List.copyOf(rules));
  }

  List<Rule> rules() {
    return rules;
  }

  boolean hasExceptions() {
    return rules.stream().anyMatch(Rule::exception);
  }

  /**
   * Whether {@code path} is left out of the context: the last pattern that matches it, or one of
   * its parent directories, decides (Docker's {@code MatchesOrParentMatches}).
   */
  boolean ignored(String path) {
    boolean matched = false;
    String parent = parentOf(path);
    String[] parentDirs = parent.equals(".") ? new String[0] : parent.split("/");
    for (Rule rule : rules) {
      if (rule.exception() != matched) {
        continue;
      }
      boolean match = rule.matches(path);
      if (!match) {
        StringBuilder prefix = new StringBuilder();
        for (String dir : parentDirs) {
          if (!prefix.isEmpty()) {
            prefix.append('/');
          }
          prefix.append(dir);
          if (rule.matches(prefix.toString())) {
            match = true;
            break;
          }
        }
      }
      if (match) {
        matched = !rule.exception();
      }
    }
    return matched;
  }

  /**
   * Whether an ignored directory must still be walked, because an exception pattern names something
   * under it ({@code dir} with {@code !dir/keep}); Docker checks the pattern's literal prefix only.
   */
  boolean mustDescend(String dir) {
    String dirSlash = dir + "/";
    return rules.stream().anyMatch(r -> r.exception() && (r.pattern() + "/").startsWith(dirSlash));
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
  }

  /** Go's {@code filepath.Clean} for slash-separated paths. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!rooted) {
          parts.addLast("..");
        }
      } else {
        parts.addLast(seg);
      }
    }
    String joined = String.join("/", parts);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /** Docker's pattern compiler: the same match types and the same regular expression. */
  private static Rule compile(String pattern, boolean exception) {
    StringBuilder re = new StringBuilder("^");
    MatchType type = MatchType.EXACT;
    int[] cps = pattern.codePoints().toArray();
    int i = 0;
    for (int n = 0; i < cps.length; n++) {
      int ch = cps[i++];
      if (ch == '*') {
        if (i < cps.length && cps[i] == '*') {
          i++;
          if (i < cps.length && cps[i] == '/') {
            i++;
          }
          if (i >= cps.length) {
            if (type == MatchType.EXACT) {
              type = MatchType.PREFIX;
            } else {
              re.append(".*");
              type = MatchType.REGEXP;
            }
          } else {
            re.append("(.*/)?");
            type = MatchType.REGEXP;
          }
          if (n == 0) {
            type = MatchType.SUFFIX;
          }
        } else {
          re.append("[^/]*");
          type = MatchType.REGEXP;
        }
      } else if (ch == '?') {
        re.append("[^/]");
        type = MatchType.REGEXP;
      } else if (".+()|{}$".indexOf(ch) >= 0) {
        re.append('\\').appendCodePoint(ch);
      } else if (ch == '\\') {
        if (i < cps.length) {
          int next = cps[i++];
          if (Character.isLetterOrDigit(next)) {
            re.appendCodePoint(next);
          } else {
            re.append('\\').appendCodePoint(next);
          }
        } else {
          re.append("\\\\");
        }
      } else if (ch == '[' || ch == ']') {
        re.appendCodePoint(ch);
        type = MatchType.REGEXP;
      } else {
        re.appendCodePoint(ch);
      }
    }
    Pattern regex = null;
    if (type == MatchType.REGEXP) {
      try {
        regex = Pattern.compile(re.append('$').toString());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("syntax error in pattern: " + pattern);
      }
    }
    return new Rule(pattern, exception, type, regex);
  }
}
