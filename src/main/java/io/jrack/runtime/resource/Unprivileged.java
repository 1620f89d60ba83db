package io.jrack.runtime.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL and MariaDB refuse to run as root. When the rack is root, their commands run in a user
 * namespace where the rack's uid appears as an ordinary one ({@code unshare --map-user}): the server
 * is content, and the files it writes are still owned by the rack's user outside, so the data stays
 * inside the rack's private (0700) directory with no chown and no wider permissions.
 */
final class Unprivileged {
  /** The uid and gid the server sees inside the namespace. */
  static final int INNER_ID = 1000;
  private static final boolean ROOT = isRoot();

  private Unprivileged() {}

  static List<String> wrap(List<String> argv) {
    if (!ROOT) {
      return argv;
    }
    List<String> out = new ArrayList<>(List.of(unshare(), "--user", "--map-user=" + INNER_ID, "--map-group=" + INNER_ID, "--"));
    out.addAll(argv);
    return out;
  }

  static boolean root() {
    return ROOT;
  }

  private static String unshare() {
    for (String p : List.of("/usr/bin/unshare", "/bin/unshare")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return "unshare";
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
