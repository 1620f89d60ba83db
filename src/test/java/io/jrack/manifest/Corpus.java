package io.jrack.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The conformance corpus copied from ../shared/conformance into the test resources. */
final class Corpus {
  private Corpus() {}

  static Path root() {
    return Path.of(System.getProperty("jrack.conformance", "src/test/resources/conformance"));
  }

  static List<Path> manifests() {
    try (Stream<Path> files = Files.list(root().resolve("manifests"))) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String upstream(String relative) {
    return read(root().resolve("upstream-testdata").resolve(relative));
  }

  /** The {@code # kind:} header line of a corpus file. */
  static String kind(String text) {
    for (String line : text.split("\n", 4)) {
      if (line.startsWith("# kind: ")) {
        return line.substring("# kind: ".length()).strip();
      }
    }
    return "unknown";
  }
}
