package io.jrack.manifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Random damage to a manifest's text, for {@link ManifestFuzzTest}. Every method takes the
 * {@link Random} to draw from, so one seed gives one input; {@link #mutate} also records the
 * names of the mutations it applied, for the failure message.
 */
final class Mutator {
  /** {@code key: value} on one line, the value a scalar. */
  private static final Pattern SCALAR_LINE = Pattern.compile("(?m)^([ \\t]*(?:- )?[^\\s:#][^:#\\n]*:[ \\t]+)([^\\s\\[{|>&*#][^\\n]*)$");
  /** {@code key:} alone on its line: the parent of a block. */
  private static final Pattern PARENT_LINE = Pattern.compile("(?m)^([ \\t]*(?:- )?[^\\s:#][^:#\\n]*:)[ \\t]*$");
  /** {@code - item} list entries. */
  private static final Pattern ITEM_LINE = Pattern.compile("(?m)^([ \\t]*- )([^\\n]*)$");
  /** Keys, to swap one for another. */
  private static final Pattern KEY = Pattern.compile("(?m)^([ \\t]*(?:- )?)([A-Za-z][\\w.-]*)(:)");

  /** Characters that mean something to YAML, plus a few ordinary ones. */
  private static final String SYNTAX = ":-[]{},&*!|>'\"%@`#?~ \t\n\r\\=/.$01aZ";

  /** Values that reach the edges of the typed reads. */
  static final List<String> VALUES =
      List.of(
          "[3000]", "{a: b}", "[]", "{}", "~", "null", "\"\"", "''", "-", "-1", "0", "65536", "99999999999", "1-", "-3",
          "3-1", "1-2-3", ":", "http:", ":80", "grpc:abc", "tcp:1", "/", "a/b/c", "a/", "/b", "=", "=x", "x=", "*",
          "${X}", "${", "$}", "${}", "1.5", "0x10", "+5", "1e3", "true", "yes", "off", "TRUE", "!!binary aGk=",
          "!!int abc", "!!float x", "!!set {a, b}", "!!map {}", "!!str 3", "!!null", "!custom x", "&anchor 5", "*undefined",
          "|\n  block", ">-\n  folded", "'quoted: \"mix\"'", "\"\\u0000\"", "\"\\uD800\"", "\"\\x7f\"", "\" \"",
          "\"80/udp\"", "\"80/sctp\"", "\"80/\"", "\"10.0.0.0/8\"", "\"999.0.0.0/33\"", "\"* * * * *\"", "\"? ? ? ? ? ?\"",
          "\"a\u00a0b\"", "\"\u0663\u0660\u0660\u0660\"", "\"\uD83D\uDE00\"", "1h30m", "1.5h", "-5s", "300ms", ".5s", "1us",
          "1\u00b5s", "99999999999999999999h", "9223372036854775807ns", "2562048h", "1e309s", "h", "5", "NaN", ".nan", ".inf",
          "-.inf", "1e400", "-0", "0.0000001", "100%", "50.5", "public", "internal", "tcp", "udp", "tls", "arn:aws:acm:x",
          "RuntimeDefault", "ALL", "NET_ADMIN");

  /** Keys of convox.yml at every level, so that values land where they do not belong. */
  static final List<String> KEYS =
      List.of(
          "services", "resources", "timers", "balancers", "environment", "params", "budget", "appSettings", "configs",
          "build", "image", "command", "port", "ports", "domain", "health", "internal", "internalRouter", "links",
          "scale", "deployment", "drain", "termination", "sticky", "singleton", "agent", "init", "timeout", "tls",
          "annotations", "whitelist", "test", "nlb", "type", "options", "schedule", "service", "concurrency", "path",
          "manifest", "args", "grace", "interval", "disable", "count", "cpu", "memory", "gpu", "min", "max",
          "minimum", "maximum", "enabled", "redirect", "scheme", "protocol", "vendor", "<<", "version", "depends_on",
          "liveness", "readinessProbe", "startupProbe", "securityContext", "labels", "volumes", "volumeOptions", "lifecycle",
          "autoscale", "keda", "targets", "triggers", "cooldown", "cooldownPeriod", "pollingInterval", "metadata", "custom",
          "requests", "aggregate", "dimensions", "value", "threshold", "queueDepth", "gpuUtilization", "metricName", "query",
          "prometheusUrl", "containerPort", "certificate", "crossZone", "preserveClientIp", "allowCidr", "failureThreshold",
          "successThreshold", "tcpSocketPort", "grpcService", "capabilities", "add", "drop", "runAsUser", "runAsGroup",
          "runAsNonRoot", "fsGroup", "privileged", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "seccompProfile",
          "monthlyCapUsd", "alertThresholdPercent", "atCapAction", "atCapWebhookUrl", "notifyBeforeMinutes", "recoveryMode",
          "neverAutoShutdown", "shutdownGracePeriod", "shutdownOrder", "up", "down", "limit");

  private static final String[] OPS = {
    "deleteLines", "deleteChars", "insertSyntax", "insertGarbage", "scalarToCollection", "collectionToScalar",
    "replaceItem", "swapKey", "truncate", "duplicateBlock", "tabIndent", "crlf"
  };

  private final Random random;
  private final List<String> applied = new ArrayList<>();

  Mutator(Random random) {
    this.random = random;
  }

  /** The names of the mutations applied so far. */
  List<String> applied() {
    return applied;
  }

  /** Applies one to three random mutations. */
  String mutate(String text) {
    int rounds = 1 + random.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      String op = OPS[random.nextInt(OPS.length)];
      applied.add(op);
      text = apply(op, text);
    }
    return text;
  }

  String apply(String op, String text) {
    return switch (op) {
      case "deleteLines" -> deleteLines(text);
      case "deleteChars" -> deleteChars(text);
      case "insertSyntax" -> insert(text, () -> String.valueOf(SYNTAX.charAt(random.nextInt(SYNTAX.length()))));
      case "insertGarbage" -> insert(text, this::garbage);
      case "scalarToCollection" -> replaceGroup(text, SCALAR_LINE, 2, VALUES.get(random.nextInt(VALUES.size())));
      case "collectionToScalar" -> collectionToScalar(text);
      case "replaceItem" -> replaceGroup(text, ITEM_LINE, 2, VALUES.get(random.nextInt(VALUES.size())));
      case "swapKey" -> replaceGroup(text, KEY, 2, KEYS.get(random.nextInt(KEYS.size())));
      case "truncate" -> text.isEmpty() ? text : text.substring(0, random.nextInt(text.length()));
      case "duplicateBlock" -> duplicateBlock(text);
      case "tabIndent" -> text.replaceAll("(?m)^  ", "\t");
      case "crlf" -> text.replace("\n", random.nextBoolean() ? "\r\n" : "\r");
      default -> throw new IllegalArgumentException(op);
    };
  }

  private String deleteLines(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count && lines.size() > 1; i++) {
      lines.remove(random.nextInt(lines.size()));
    }
    return String.join("\n", lines);
  }

  private String deleteChars(String text) {
    StringBuilder out = new StringBuilder(text);
    int count = 1 + random.nextInt(5);
    for (int i = 0; i < count && out.length() > 0; i++) {
      int at = random.nextInt(out.length());
      out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(4)));
    }
    return out.toString();
  }

  private String insert(String text, java.util.function.Supplier<String> piece) {
    StringBuilder out = new StringBuilder(text);
    int count = 1 + random.nextInt(5);
    for (int i = 0; i < count; i++) {
      out.insert(random.nextInt(out.length() + 1), piece.get());
    }
    return out.toString();
  }

  /** A random code unit or code point: controls, NUL, lone surrogates, BOM, line separators. */
  String garbage() {
    return switch (random.nextInt(10)) {
      case 0 -> "\0";
      case 1 -> String.valueOf((char) random.nextInt(0x20));
      case 2 -> String.valueOf((char) (0x7f + random.nextInt(0x21)));
      case 3 -> String.valueOf((char) (0xD800 + random.nextInt(0x800)));
      case 4 -> "\t";
      case 5 -> String.valueOf(new char[] {'\uFEFF', '\u2028', '\u2029', '\u0085', '\uFFFE', '\uFFFF'}[random.nextInt(6)]);
      case 6 -> new String(Character.toChars(0x10000 + random.nextInt(0x100000)));
      case 7 -> new String(Character.toChars(0x80 + random.nextInt(0xD800 - 0x80)));
      case 8 -> String.valueOf((char) (0xE000 + random.nextInt(0x2000)));
      default -> String.valueOf((char) random.nextInt(0x10000));
    };
  }

  /** Replaces group {@code group} of one random match of {@code pattern}; no match leaves the text. */
  private String replaceGroup(String text, Pattern pattern, int group, String replacement) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(group), m.end(group)});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    String value = replacement;
    if (value.contains("\n")) {
      // Indent a block scalar's body under its key.
      value = value.replace("\n", "\n" + " ".repeat(indentOf(text, span[0]) + 2));
    }
    return text.substring(0, span[0]) + value + text.substring(span[1]);
  }

  /** Puts a scalar after a block's key: either keeping its children (a syntax error) or dropping them. */
  private String collectionToScalar(String text) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = PARENT_LINE.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end(1), m.end()});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    String value = " " + List.of("3000", "web", "~", "\"x\"", "true", "-1", "[a, b]").get(random.nextInt(7));
    int end = random.nextBoolean() ? span[2] : blockEnd(text, span[0]);
    return text.substring(0, span[1]) + value + text.substring(end);
  }

  /** Copies the line at a random place and the more indented lines under it, right after them. */
  private String duplicateBlock(String text) {
    if (text.isEmpty()) {
      return text;
    }
    int lineStart = text.lastIndexOf('\n', random.nextInt(text.length())) + 1;
    int end = blockEnd(text, lineStart);
    String block = text.substring(lineStart, end);
    if (!block.endsWith("\n")) {
      // Only the last line of the text has no newline.
      return text + "\n" + block;
    }
    return text.substring(0, end) + block + text.substring(end);
  }

  /** The end of the line at {@code lineStart} and of the lines after it indented deeper. */
  private static int blockEnd(String text, int lineStart) {
    int indent = indentOf(text, lineStart);
    int next = text.indexOf('\n', lineStart);
    while (next >= 0 && next + 1 < text.length()) {
      int start = next + 1;
      int lineEnd = text.indexOf('\n', start);
      String line = text.substring(start, lineEnd < 0 ? text.length() : lineEnd);
      if (!line.isBlank() && indentOf(text, start) <= indent) {
        return start;
      }
      next = lineEnd;
    }
    return text.length();
  }

  private static int indentOf(String text, int at) {
    int lineStart = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
    if (at == 0) {
      lineStart = 0;
    }
    int i = lineStart;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '-')) {
      i++;
    }
    return i - lineStart;
  }
}
