package io.jrack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No input, however bad, makes the parser throw, and every error it reports has a line and column.
 *
 * <p>The corpus is damaged at random from a fixed seed: a failure names the case's own seed, and
 * {@code -Djrack.fuzz.seed=SEED -Djrack.fuzz.cases=1} replays exactly that case.
 */
class ManifestFuzzTest {
  private static final long SEED = Long.getLong("jrack.fuzz.seed", 0x5EEDF00DL);
  private static final int CASES = Integer.getInteger("jrack.fuzz.cases", 3000);
  /** Generous: the point is to fail instead of hanging the build, not to measure speed. */
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private static final List<ManifestParser> PARSERS =
      List.of(
          ManifestParser.builder().build(),
          ManifestParser.builder().dialect(Dialect.V3).build(),
          ManifestParser.builder().dialect(Dialect.GEN2).env(Map.of("PORT", "80", "X", "${X}", "Y", "$1\\")).checkRequiredEnv(true).build());

  static List<Path> inputs() {
    List<Path> files = new ArrayList<>(Corpus.manifests());
    try (Stream<Path> upstream = Files.walk(Corpus.root().resolve("upstream-testdata"))) {
      upstream.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  @Test
  void inputsArePresent() {
    assertThat(inputs()).hasSizeGreaterThan(130);
  }

  @Test
  void everyCorpusFileAsWrittenKeepsTheContract() {
    for (Path file : inputs()) {
      for (ManifestParser parser : PARSERS) {
        check("unmutated " + file.getFileName(), Corpus.read(file), parser);
      }
    }
  }

  @Test
  void mutatedCorpusNeverThrowsAndEveryErrorHasAPosition() {
    List<Path> files = inputs();
    List<String> texts = files.stream().map(Corpus::read).toList();
    for (int i = 0; i < CASES; i++) {
      long seed = SEED + i;
      Random random = new Random(seed);
      int index = random.nextInt(files.size());
      Mutator mutator = new Mutator(random);
      String input = mutator.mutate(texts.get(index));
      ManifestParser parser = PARSERS.get(random.nextInt(PARSERS.size()));
      check("seed " + seed + " (-Djrack.fuzz.seed=" + seed + " -Djrack.fuzz.cases=1), file " + files.get(index).getFileName()
          + ", mutations " + mutator.applied(), input, parser);
    }
  }

  @Test
  void randomManifestsNeverThrowAndEveryErrorHasAPosition() {
    int parsed = 0;
    for (int i = 0; i < CASES / 2; i++) {
      long seed = SEED ^ 0xA5A5L * (i + 1);
      String input = new RandomManifest(new Random(seed)).manifest();
      ManifestParser parser = PARSERS.get(i % PARSERS.size());
      ParseResult result = check("random manifest, seed " + seed + " (new RandomManifest(new Random(" + seed + "L)).manifest())", input, parser);
      parsed += result.errors().stream().noneMatch(d -> d.message().startsWith("invalid YAML")) ? 1 : 0;
    }
    // The generator is only useful while its output is valid YAML.
    assertThat(parsed).as("random manifests that are valid YAML").isEqualTo(CASES / 2);
  }

  @Test
  void everyMutationAloneOnEveryFile() {
    // Each kind of damage at least once per file, so no kind depends on the luck of the draw.
    List<Path> files = inputs();
    String[] ops = {"scalarToCollection", "collectionToScalar", "replaceItem", "swapKey", "duplicateBlock", "insertGarbage"};
    for (int f = 0; f < files.size(); f++) {
      String text = Corpus.read(files.get(f));
      for (int o = 0; o < ops.length; o++) {
        long seed = SEED * 31 + f * 17L + o;
        String input = new Mutator(new Random(seed)).apply(ops[o], text);
        check("seed " + seed + ", file " + files.get(f).getFileName() + ", mutation " + ops[o], input, PARSERS.get(o % PARSERS.size()));
      }
    }
  }

  static Stream<Arguments> fixedCases() {
    return FuzzInputs.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixedCases")
  void fixedCaseNeverThrowsAndEveryErrorHasAPosition(String name, Supplier<String> input) {
    String text = input.get();
    // Large inputs test the reader, which all parsers share: one parser is enough for them.
    for (ManifestParser parser : text.length() > 100_000 ? PARSERS.subList(0, 1) : PARSERS) {
      Assertions.assertTimeoutPreemptively(LIMIT, () -> check("fixed case \"" + name + "\"", text, parser), () -> "fixed case \"" + name + "\" took over " + LIMIT);
    }
  }

  @Test
  void tooLargeIsTheOnlyErrorWithoutAPosition() {
    ParseResult result = ManifestParser.parse("#" + "x".repeat(10 * 1024 * 1024));
    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).singleElement().satisfies(d -> {
      assertThat(d.message()).startsWith("file is ");
      assertThat(d.position().isKnown()).isFalse();
    });
  }

  @Test
  void deepNestingIsReportedWhereItHappens() {
    ParseResult result = ManifestParser.parse("services:\n  web:\n    port: " + "[".repeat(10_000) + "\n");
    assertThat(result.errors()).isNotEmpty().allSatisfy(d -> assertThat(d.position().line()).isEqualTo(3));
    assertThat(result.errors().get(0).message()).contains("nesting is too deep");
  }

  @Test
  void aliasBombIsReportedNotExpanded() {
    ParseResult result = ManifestParser.parse(FuzzInputs.all().get("billion laughs (lists)").get());
    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).extracting(Diagnostic::message).anyMatch(m -> m.contains("alias"));
  }

  @Test
  void unprintableCharacterIsReportedWhereItIs() {
    ParseResult result = ManifestParser.parse("services:\r\n  web:\r\n    image: \uD83D\uDE00a\u0000b\n");
    assertThat(result.errors()).singleElement().satisfies(d -> {
      assertThat(d.position()).isEqualTo(new Position(3, 14)); // columns count code points, as the YAML reader does
      assertThat(d.message()).contains("U+0000");
    });
  }

  @Test
  void manyServicesGiveShortMessages() {
    // Each bad link and timer used to list every service: quadratic time and memory in the file size.
    StringBuilder text = new StringBuilder("services:\n");
    for (int i = 0; i < 300; i++) {
      text.append("  s").append(i).append(":\n    port: 80\n    links: [x").append(i).append("]\n");
    }
    text.append("timers:\n  t:\n    schedule: \"* * * * *\"\n    service: nope\n");
    ParseResult result = ManifestParser.parse(text.toString());
    assertThat(result.errors()).hasSize(301).allSatisfy(d -> assertThat(d.message()).hasSizeLessThan(400).contains("and 2"));
  }

  /** Parses {@code input} and checks the contract; {@code label} says how to get the input back. */
  static ParseResult check(String label, String input, ManifestParser parser) {
    ParseResult result;
    try {
      result = parser.parseText(input);
    } catch (Throwable t) {
      throw new AssertionError(label + ": parseText threw " + t + "\ninput:\n" + excerpt(input), t);
    }
    if (result == null) {
      fail(label + ": parseText returned null\ninput:\n" + excerpt(input));
    }
    if (result.ok() != result.errors().isEmpty()) {
      fail(label + ": ok() is " + result.ok() + " but errors are " + result.errors() + "\ninput:\n" + excerpt(input));
    }
    for (Diagnostic d : result.diagnostics()) {
      if (d.message().contains("internal error")) {
        fail(label + ": a crash was turned into " + d + "\ninput:\n" + excerpt(input));
      }
      boolean tooLarge = d.isError() && d.message().startsWith("file is ") && input.length() > YamlReader.MAX_CODE_POINTS;
      boolean known = d.position().line() >= 1 && d.position().column() >= 1;
      if (!known && !tooLarge) {
        fail(label + ": no position on " + d.severity() + " \"" + d.message() + "\"\ninput:\n" + excerpt(input));
      }
    }
    return result;
  }

  /** The input as Java would write it, shortened: control characters and surrogates escaped. */
  static String excerpt(String input) {
    String shown = input.length() > 3000 ? input.substring(0, 3000) + "... (" + input.length() + " chars)" : input;
    StringBuilder out = new StringBuilder();
    shown.chars().forEach(c -> {
      if (c == '\n' || (c >= 0x20 && c < 0x7f)) {
        out.append((char) c);
      } else {
        out.append("\\u%04x".formatted(c));
      }
    });
    return out.toString();
  }
}
