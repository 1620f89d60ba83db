package io.jrack.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Hand-made hostile inputs for {@link ManifestFuzzTest}, by name; built lazily, some are large. */
final class FuzzInputs {
  static final String VALID =
      """
      environment:
        - PORT=3000
        - SECRET
      resources:
        db:
          type: postgres
          options:
            size: small
      services:
        web:
          build: .
          port: 3000
          environment:
            - FOO=bar
          links:
            - worker
          resources:
            - db
          scale:
            count: 1-3
            memory: 512
          health:
            path: /check
            interval: 5
        worker:
          image: nginx
          port: http:80
          command: [sh, -c, "echo hi"]
      timers:
        tick:
          schedule: "*/5 * * * ?"
          command: bin/tick
          service: web
      """;

  private FuzzInputs() {}

  static Map<String, Supplier<String>> all() {
    Map<String, Supplier<String>> cases = new LinkedHashMap<>();
    cases.put("empty", () -> "");
    cases.put("blank lines", () -> "\n\n   \n\t\n");
    cases.put("only comments", () -> "# one\n   # two\n#\n");
    cases.put("only a document marker", () -> "---\n");
    cases.put("only a document end", () -> "...\n");
    cases.put("NUL", () -> "\0");
    cases.put("NUL in a value", () -> "services:\n  web:\n    image: a\0b\n");
    cases.put("lone high surrogate", () -> "services:\n  web:\n    image: \uD800\n");
    cases.put("lone low surrogate at start", () -> "\uDC00services: {}\n");
    cases.put("control characters", () -> "services:\n  web:\n    image: \u0001\u0007\u001b[0m\n");
    cases.put("DEL and C1 controls", () -> "services:\n  web:\n    image: x\u007f\u0080\u009f\n");
    cases.put("U+FFFE and U+FFFF", () -> "services:\n  web:\n    image: \uFFFE\uFFFF\n");
    cases.put("10 MB", () -> VALID + "#" + "x".repeat(10 * 1024 * 1024) + "\n");
    cases.put("10 MB of services", () -> services(10 * 1024 * 1024 / 30));
    cases.put("just under the size limit", () -> "image: " + "x".repeat(YamlReader.MAX_CODE_POINTS - 10) + "\n");
    cases.put("10,000 [", () -> "[".repeat(10_000));
    cases.put("10,000 [ closed", () -> "[".repeat(10_000) + "]".repeat(10_000));
    cases.put("10,000 { a:", () -> "{a: ".repeat(10_000) + "b" + "}".repeat(10_000));
    cases.put("10,000 nested block maps", () -> nestedBlockMaps(10_000));
    cases.put("1,900 nested block maps", () -> nestedBlockMaps(1_900));
    cases.put("10,000 nested block lists on one line", () -> "- ".repeat(10_000) + "x\n");
    cases.put("10,000 nested lists under a service", () -> "services:\n  web:\n    port: " + "[".repeat(10_000) + "\n");
    cases.put("billion laughs (lists)", FuzzInputs::billionLaughs);
    cases.put("billion laughs (merge keys)", FuzzInputs::billionMerges);
    cases.put("billion laughs under services", () -> billionLaughs().replace("l9: ", "services:\n  web:\n    command: "));
    cases.put("110,000 scalar aliases", () -> "a: &a x\nb: [" + "*a, ".repeat(110_000) + "*a]\n");
    cases.put("aliases of a long list past the depth limit", () -> "z: &z [" + "1, ".repeat(150_000) + "1]\ny: " + "[".repeat(YamlReader.MAX_DEPTH - 1)
        + "*z, ".repeat(90) + "*z" + "]".repeat(YamlReader.MAX_DEPTH - 1) + "\n");
    cases.put("too many collection aliases", () -> "a: &a [x]\nb: [" + "*a, ".repeat(1_000) + "*a]\n");
    cases.put("recursive list anchor", () -> "a: &a [*a]\n");
    cases.put("recursive map anchor", () -> "a: &a {b: *a}\n");
    cases.put("recursive key", () -> "&a {*a: 1}\n");
    cases.put("self merge", () -> "a: &a {<<: *a}\n");
    cases.put("undefined alias", () -> "services: *nope\n");
    cases.put("alias to a service", () -> "x: &svc {image: nginx, port: 80}\nservices:\n  web: *svc\n  api:\n    <<: *svc\n    port: 81\n");
    cases.put("merge of a scalar", () -> "services:\n  web:\n    <<: 5\n");
    cases.put("merge of a list of scalars", () -> "services:\n  web:\n    <<: [1, [2]]\n");
    cases.put("a map as a key", () -> "services:\n  {a: b}: 1\n  ? [x]\n  : y\n");
    cases.put("null and empty keys", () -> "~: 1\n\"\": 2\n: 3\nservices:\n  \"\": {image: x}\n  ~: {image: y}\n");
    cases.put("20,000 top-level keys", () -> keys(20_000));
    cases.put("5,000 services", () -> services(5_000));
    cases.put("3,000 services with bad links and timers", () -> badLinks(3_000));
    cases.put("a 1.5M-character line", () -> "services:\n  web:\n    image: " + "a".repeat(1_500_000) + "\n");
    cases.put("a 200k-character implicit key", () -> "services:\n  web:\n    " + "k".repeat(200_000) + ": 1\n");
    // YAML limits implicit keys to 1024 characters; "? key" has no limit.
    cases.put("a 200k-character explicit key", () -> "services:\n  web:\n    ? " + "k".repeat(200_000) + "\n    : 1\n");
    cases.put("200k-character service names", () -> "services:\n  ? " + "w".repeat(200_000) + "\n  :\n    port: 80\n  ? " + "w".repeat(199_999)
        + "v\n  :\n    port: 80\n  x:\n    links: [" + "w".repeat(199_999) + "x]\n");
    cases.put("a 100k-item flow list", () -> "services:\n  web:\n    ports: [" + "1,".repeat(100_000) + "1]\n");
    cases.put("two documents", () -> "services: {}\n---\nservices: {}\n");
    cases.put("empty documents", () -> "---\n---\n---\n");
    cases.put("document end then text", () -> "services: {}\n...\ngarbage: [\n");
    cases.put("directives", () -> "%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\nservices: {}\n");
    cases.put("bad directive", () -> "%YAML 9.9\n---\nservices: {}\n");
    cases.put("unknown tags", () -> "services: !!set {a, b}\ntimers: !foo {x: 1}\nresources: !<tag:x> 3\n");
    cases.put("BOM", () -> "\uFEFF" + VALID);
    cases.put("BOM in the middle", () -> VALID.replace("services:", "\uFEFFservices:"));
    cases.put("CRLF", () -> VALID.replace("\n", "\r\n"));
    cases.put("CR only", () -> VALID.replace("\n", "\r"));
    cases.put("unicode line separators", () -> VALID.replace("\n", "\u2028"));
    cases.put("NEL line endings", () -> VALID.replace("\n", "\u0085"));
    cases.put("tab-indented", () -> VALID.replaceAll("(?m)^  ", "\t"));
    cases.put("tab after key", () -> "services:\n  web:\n    port:\t3000\n");
    cases.put("interpolation everywhere", () -> "${A}: ${B}\nservices:\n  ${C}:\n    port: ${D}\n    links: [\"${E}\"]\n");
    for (String value : Mutator.VALUES) {
      cases.put("everywhere: " + value.replace("\n", "\\n"), () -> everywhere(value));
    }
    cases.put("everywhere: a nested list and map", () -> everywhere("[1, [2], {a: b}, ~]"));
    cases.put("docker-compose", () -> "version: '3'\nservices:\n  web:\n    ports: ['80:80']\n    depends_on: [db]\n");
    cases.put("only a scalar", () -> "hello\n");
    cases.put("only a list", () -> "- a\n- b\n");
    cases.put("a block scalar root", () -> "|\n  text\n");
    return cases;
  }

  private static String nestedBlockMaps(int depth) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      out.append(" ".repeat(i)).append("k:\n");
    }
    return out.append(" ".repeat(depth)).append("v\n").toString();
  }

  private static String billionLaughs() {
    StringBuilder out = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i <= 9; i++) {
      out.append("l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        out.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
      }
      out.append("]\n");
    }
    return out.toString();
  }

  private static String billionMerges() {
    StringBuilder out = new StringBuilder("m0: &m0 {a: [x, x, x, x, x, x, x, x, x]}\n");
    for (int i = 1; i <= 9; i++) {
      out.append("m").append(i).append(": &m").append(i).append(" {");
      for (int j = 0; j < 9; j++) {
        out.append(j == 0 ? "" : ", ").append("k").append(j).append(": *m").append(i - 1);
      }
      out.append(", <<: *m").append(i - 1).append("}\n");
    }
    return out.append("services:\n  web:\n    <<: *m9\n    image: x\n").toString();
  }

  private static String keys(int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append("key").append(i).append(": value\n");
    }
    return out.toString();
  }

  private static String services(int count) {
    StringBuilder out = new StringBuilder("services:\n");
    for (int i = 0; i < count; i++) {
      out.append("  s").append(i).append(":\n    image: nginx\n    port: 80\n");
    }
    return out.toString();
  }

  private static String badLinks(int count) {
    StringBuilder out = new StringBuilder("services:\n");
    for (int i = 0; i < count; i++) {
      out.append("  s").append(i).append(":\n    port: 80\n    links: [x").append(i).append(", s").append(i).append("]\n");
    }
    out.append("timers:\n");
    for (int i = 0; i < count; i++) {
      out.append("  t").append(i).append(":\n    schedule: \"* * * * *\"\n    service: x").append(i).append('\n');
    }
    return out.toString();
  }

  /** Every key of the format, at every level, given {@code value}; one document per value. */
  static String everywhere(String value) {
    StringBuilder out = new StringBuilder("services:\n  s0:\n");
    for (String key : Mutator.KEYS) {
      out.append("    ").append(key.equals("<<") ? "\"<<\"" : key).append(": ").append(indented(value, 6)).append('\n');
    }
    String v = indented(value, 8);
    out.append("  s1:\n");
    out.append("    build:\n      path: ").append(v).append("\n      manifest: ").append(v).append("\n      args:\n        - ").append(indented(value, 10)).append('\n');
    out.append("    port:\n      port: ").append(v).append("\n      scheme: ").append(v).append('\n');
    out.append("    ports:\n      - ").append(v).append('\n');
    out.append("    environment:\n      - ").append(v).append('\n');
    out.append("    links:\n      - ").append(v).append('\n');
    out.append("    resources:\n      - ").append(v).append('\n');
    out.append("    annotations:\n      - ").append(v).append("\n      - a: ").append(v).append('\n');
    out.append("    scale:\n      count: ").append(v).append("\n      cpu: ").append(v).append("\n      gpu:\n        count: ").append(indented(value, 10)).append('\n');
    out.append("    health:\n      path: ").append(v).append("\n      grace: ").append(v).append("\n      interval: ").append(v).append("\n      disable: ").append(v).append('\n');
    out.append("    deployment:\n      minimum: ").append(v).append("\n      maximum: ").append(v).append('\n');
    out.append("    agent:\n      enabled: ").append(v).append("\n      ports:\n        - ").append(indented(value, 10)).append('\n');
    out.append("    termination:\n      grace: ").append(v).append('\n');
    out.append("    tls:\n      redirect: ").append(v).append('\n');
    out.append("  s2:\n    scale:\n      min: ").append(v).append("\n      max: ").append(v).append('\n');
    out.append("    nlb:\n      - port: ").append(v).append("\n        protocol: ").append(v).append('\n');
    out.append("  s3:\n    scale:\n      count:\n        min: ").append(indented(value, 10)).append('\n');
    out.append("resources:\n  r0:\n    type: ").append(indented(value, 6)).append("\n    options:\n      a: ").append(v).append('\n');
    out.append("  r1: ").append(indented(value, 4)).append('\n');
    out.append("timers:\n  t0:\n    schedule: ").append(indented(value, 6)).append("\n    service: ").append(indented(value, 6))
        .append("\n    command: ").append(indented(value, 6)).append("\n    concurrency: ").append(indented(value, 6)).append('\n');
    out.append("balancers:\n  b0:\n    service: ").append(indented(value, 6)).append("\n    whitelist: ").append(indented(value, 6))
        .append("\n    ports:\n      80: ").append(v).append("\n      81:\n        port: ").append(indented(value, 10))
        .append("\n        protocol: ").append(indented(value, 10)).append('\n');
    out.append("environment:\n  - ").append(indented(value, 4)).append('\n');
    out.append("params:\n  p: ").append(indented(value, 4)).append('\n');
    return out.toString();
  }

  /** A value placed at {@code indent}: a block scalar's lines are indented under their key. */
  private static String indented(String value, int indent) {
    return value.replace("\n", "\n" + " ".repeat(indent));
  }
}
