package io.jrack.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real-world convox.yml in the conformance corpus. */
class CorpusTest {
  /**
   * Files that are wrong by the rules and must be reported: the README of the corpus calls the
   * {@code volume} resource type bogus.
   */
  private static final Map<String, String> EXPECTED_ERRORS =
      Map.of("LqTan__broccoli-app__convox.yml", "type \"volume\" is not supported");

  static Stream<Path> files() {
    return Corpus.manifests().stream();
  }

  @Test
  void corpusIsPresent() {
    assertThat(Corpus.manifests()).hasSize(90);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void gen2AndV3FilesValidate(Path file) {
    String text = Corpus.read(file);
    ParseResult result = ManifestParser.builder().file(file.getFileName().toString()).build().parseText(text);
    String name = file.getFileName().toString();
    String kind = Corpus.kind(text);
    if (EXPECTED_ERRORS.containsKey(name)) {
      assertThat(result.errors()).extracting(Diagnostic::message).anyMatch(m -> m.contains(EXPECTED_ERRORS.get(name)));
      return;
    }
    if (kind.equals("gen2") || kind.equals("v3")) {
      assertThat(result.errors()).as(name).isEmpty();
      assertThat(result.manifest()).isPresent();
      assertThat(result.manifest().get().services()).isNotEmpty();
    }
    for (Diagnostic d : result.diagnostics()) {
      assertThat(d.position().isKnown()).as(d.toString()).isTrue();
    }
  }
}
