package io.jrack.runtime.resource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finding a server's programs: on PATH, then in the places Debian and others install them off PATH. */
final class Binaries {
  /** Where packages put servers when PATH (a service manager's, say) lacks them. */
  static final List<Path> USUAL = List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/opt/homebrew/bin"));

  private Binaries() {}

  /** The first directory among PATH and {@code extra} that has an executable {@code name}. */
  static Optional<Path> find(String name, List<Path> extra) {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.addAll(extra);
    for (Path d : dirs) {
      Path candidate = d.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /**
   * The directory of {@code program} (on PATH or in {@code extra}) and the version it reports to
   * {@code versionFlag}; else a failure with {@code notFound}, which says what to install.
   */
  static ServerRecipe.Installation require(String program, List<Path> extra, String versionFlag, String notFound)
      throws io.jrack.runtime.RuntimeFailure {
    Path found = find(program, extra).orElseThrow(() -> new io.jrack.runtime.RuntimeFailure(notFound));
    return new ServerRecipe.Installation(found.getParent(), firstVersion(versionOutput(found, versionFlag)));
  }

  /** Subdirectories {@code pattern/<version>/bin} newest version first, e.g. /usr/lib/postgresql/16/bin. */
  static List<Path> versioned(Path root, String sub) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> p.getFileName().toString().matches("[0-9]+(\\.[0-9]+)*"))
          .sorted(Comparator.comparing((Path p) -> Version.of(p.getFileName().toString())).reversed())
          .map(p -> p.resolve(sub))
          .filter(Files::isDirectory)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** What {@code program --version} prints first, trimmed; empty if it would not say. */
  static String versionOutput(Path program, String flag) {
    try {
      Process p = ChildEnvironment.apply(new ProcessBuilder(program.toString(), flag)).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readNBytes(4096)).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "";
      }
      return out.lines().findFirst().orElse("");
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The first dotted number in {@code text} ({@code "postgres (PostgreSQL) 15.18"} gives 15.18). */
  static String firstVersion(String text) {
    var m = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)+").matcher(text);
    return m.find() ? m.group() : "";
  }

  /** A comparable dotted version. */
  record Version(List<Integer> parts) implements Comparable<Version> {
    static Version of(String text) {
      List<Integer> parts = new ArrayList<>();
      for (String p : text.split("\\.")) {
        try {
          parts.add(Integer.parseInt(p));
        } catch (NumberFormatException e) {
          parts.add(0);
        }
      }
      return new Version(parts);
    }

    @Override
    public int compareTo(Version o) {
      for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
        int a = i < parts.size() ? parts.get(i) : 0;
        int b = i < o.parts.size() ? o.parts.get(i) : 0;
        if (a != b) {
          return Integer.compare(a, b);
        }
      }
      return 0;
    }
  }
}
