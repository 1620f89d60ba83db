package io.jrack.bench;

import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code convox manifest validate} of the largest manifest of the conformance corpus, as the CLI
 * does it: parse, defaults and validation, diagnostics sorted.
 */
@State(Scope.Benchmark)
public class ManifestValidateBench {
  /** The corpus, relative to the repository root (bench/jmh runs there). */
  static final Path CORPUS = Path.of(System.getProperty("jrack.conformance", "src/test/resources/conformance"), "manifests");

  String text;
  String file;

  @Setup
  public void load() throws IOException {
    Path largest;
    try (Stream<Path> files = Files.list(CORPUS)) {
      largest = files.filter(p -> p.toString().endsWith(".yml"))
          .max(Comparator.comparingLong(ManifestValidateBench::size))
          .orElseThrow(() -> new IllegalStateException("no manifests in " + CORPUS.toAbsolutePath()));
    }
    file = largest.getFileName().toString();
    text = Files.readString(largest);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public ParseResult validateLargest() {
    return ManifestParser.builder().file(file).build().parseText(text);
  }
}
