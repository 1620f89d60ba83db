package io.jrack.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * Loads the upstream test data ({@code conformance/upstream-testdata}) the way the upstream Go
 * tests do, and checks errors the way EXPECTED.md describes them: an "exact error" is a message
 * equal to the upstream text or starting with it (ours may append a parenthesised hint).
 */
final class Upstream {
  private Upstream() {}

  /** A {@code rack/} file (gen2), with required variables checked as Convox's Load does. */
  static ParseResult rack(String file, Map<String, String> env) {
    return parse(Corpus.upstream("rack/" + file), Dialect.GEN2, env);
  }

  /** A {@code convox/} file (v3), loaded and validated. */
  static ParseResult convox(String file, Map<String, String> env) {
    return parse(Corpus.upstream("convox/" + file), Dialect.V3, env);
  }

  static ParseResult parse(String text, Dialect dialect, Map<String, String> env) {
    return ManifestParser.builder().file("convox.yml").env(env).checkRequiredEnv(true).dialect(dialect).build().parseText(text);
  }

  /** The manifest of a load that must succeed, after checking that there is no error. */
  static Manifest loaded(ParseResult result) {
    assertThat(result.errors()).as("errors").isEmpty();
    assertThat(result.manifest()).isPresent();
    return result.manifest().get();
  }

  static List<String> errorMessages(ParseResult result) {
    return result.errors().stream().map(Diagnostic::message).toList();
  }

  /** Upstream's "exact error": some error is this text, possibly followed by our hint. */
  static void assertExactError(ParseResult result, String upstream) {
    assertThat(result.manifest()).as("manifest").isEmpty();
    assertThat(errorMessages(result)).as("errors").anyMatch(m -> m.startsWith(upstream));
  }

  /** Upstream's "error contains": some error contains every one of these texts. */
  static void assertErrorContains(ParseResult result, String... parts) {
    assertThat(result.manifest()).as("manifest").isEmpty();
    assertThat(errorMessages(result)).as("errors").anyMatch(m -> List.of(parts).stream().allMatch(m::contains));
  }

  /** Every diagnostic points somewhere in the file. */
  static void assertPositioned(ParseResult result) {
    for (Diagnostic d : result.diagnostics()) {
      assertThat(d.position().isKnown()).as(d.toString()).isTrue();
    }
  }

  static Service service(Manifest m, String name) {
    return m.service(name).orElseThrow(() -> new AssertionError("no service " + name));
  }

  static List<String> names(Manifest m) {
    return m.services().stream().map(Service::name).toList();
  }

  static List<String> env(List<EnvEntry> entries) {
    return entries.stream().map(EnvEntry::toString).toList();
  }
}
