package io.jrack.files;

import java.nio.file.Path;

/**
 * Paths the rack derives from names it was given (apps, services, resources): each name must be one
 * plain directory entry, so the path stays under the rack's own directory. Names are validated
 * where they enter (app create, the manifest); this is the second line, where they meet the disk.
 */
public final class SafePaths {
  private SafePaths() {}

  /**
   * {@code root/names[0]/names[1]/...}; an {@link IllegalArgumentException} naming the value and the
   * rule when a name is empty, {@code .} or {@code ..}, or holds a {@code /}, a {@code \} or a NUL.
   */
  public static Path under(Path root, String... names) {
    Path out = root;
    for (String name : names) {
      if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
          || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("path name \"%s\" under %s (expected: one plain name, no /, \\, NUL, . or ..)"
            .formatted(name == null ? "" : name.replace("\0", "\\0"), root));
      }
      out = out.resolve(name);
    }
    return out;
  }
}
