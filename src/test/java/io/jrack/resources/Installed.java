package io.jrack.resources;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Whether a server's program is on this machine, looked for where the rack looks. */
final class Installed {
  private Installed() {}

  static boolean has(String program, String... extraDirs) {
    List<Path> dirs = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    for (String d : extraDirs) {
      dirs.add(Path.of(d));
    }
    Path pg = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(pg)) {
      try (Stream<Path> s = Files.list(pg)) {
        s.forEach(v -> dirs.add(v.resolve("bin")));
      } catch (java.io.IOException e) {
        // nothing more to look in
      }
    }
    return dirs.stream().anyMatch(d -> Files.isExecutable(d.resolve(program)));
  }

  static String reason(String program, String debianPackage) {
    return program + " is not installed (Debian package " + debianPackage + "); .ci/run installs it when apt-get is available";
  }
}
