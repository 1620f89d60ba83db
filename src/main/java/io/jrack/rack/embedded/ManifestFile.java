package io.jrack.rack.embedded;

import io.jrack.rack.ProviderException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a build's {@code convox.yml}, bounded before it is read: it is parsed whole and stored with
 * the build and every release made from it, so a huge one would cost memory and the store for good.
 */
final class ManifestFile {
  static final String NAME = "convox.yml";

  private ManifestFile() {}

  /**
   * The text of {@code dir/convox.yml}, or empty when there is none. {@code links} are the paths
   * the archive held as links (left out when unpacking): a linked manifest is refused, not missed.
   */
  static Optional<String> read(Path dir, Map<String, String> links) throws IOException {
    String link = links.get(NAME);
    if (link != null) {
      throw ProviderException.badRequest(NAME + " is a " + link + " (expected a regular file)");
    }
    Path file = dir.resolve(NAME);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (attributes.isSymbolicLink()) {
      throw ProviderException.badRequest(NAME + " is a symbolic link (expected a regular file)");
    }
    if (!attributes.isRegularFile()) {
      throw ProviderException.badRequest(NAME + " is a " + (attributes.isDirectory() ? "directory" : "special file") + " (expected a regular file)");
    }
    if (attributes.size() > BuildLimits.MANIFEST_BYTES) {
      throw ProviderException.badRequest("%s: %s (expected at most %s)".formatted(NAME, BuildLimits.size(attributes.size()), BuildLimits.mb(BuildLimits.MANIFEST_BYTES)));
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (CharacterCodingException e) {
      throw ProviderException.badRequest(NAME + " is not UTF-8 text (expected a YAML file in UTF-8)");
    }
  }
}
