package io.jrack.runtime.process;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jrack.manifest.Service;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to run for a service: its {@code command} (a string runs under {@code sh -c}, a list is
 * exec'd), else the {@code ENTRYPOINT}/{@code CMD} of the Dockerfile in its build path.
 */
final class CommandResolver {
  /** Reads a Dockerfile's exec form (a JSON array of strings); nothing else here is JSON. */
  private static final ObjectMapper EXEC_FORM = new ObjectMapper();

  private CommandResolver() {}

  /** The argv, or empty when there is nothing to run. */
  static Optional<List<String>> resolve(Service service, Path buildDir) {
    if (service.command() != null) {
      return Optional.of(service.command().argv());
    }
    if (service.build() == null) {
      return Optional.empty();
    }
    Path dockerfile = workDir(service, buildDir).resolve(service.build().manifest());
    if (!Files.isRegularFile(dockerfile)) {
      return Optional.empty();
    }
    try {
      return fromDockerfile(Files.readAllLines(dockerfile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The service's Dockerfile, named as a message quotes it ({@code Dockerfile}, {@code web/Dockerfile}); empty when it has none. */
  static Optional<Dockerfile> dockerfile(Service service, Path buildDir) {
    if (service.build() == null) {
      return Optional.empty();
    }
    Path dir = workDir(service, buildDir);
    Path file = dir.resolve(service.build().manifest());
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String name = buildDir.normalize().relativize(file.normalize()).toString();
      return Optional.of(Dockerfile.parse(name, Files.readAllLines(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Path workDir(Service service, Path buildDir) {
    String path = service.build() == null ? "." : service.build().path();
    Path dir = buildDir.resolve(path).normalize();
    return dir.startsWith(buildDir.normalize()) ? dir : buildDir;
  }

  /** The last ENTRYPOINT and CMD win, as in Docker; an exec-form ENTRYPOINT takes CMD as arguments. */
  static Optional<List<String>> fromDockerfile(List<String> lines) {
    List<String> entrypoint = null;
    List<String> cmd = null;
    for (Dockerfile.Instruction i : Dockerfile.parse("Dockerfile", lines).instructions()) {
      switch (i.keyword()) {
        // A multi-stage build's final stage decides; earlier stages' CMDs do not count.
        case "FROM" -> {
          entrypoint = null;
          cmd = null;
        }
        case "ENTRYPOINT" -> entrypoint = form(i.arguments());
        case "CMD" -> cmd = form(i.arguments());
        default -> { }
      }
    }
    List<String> argv = new ArrayList<>();
    if (entrypoint != null) {
      argv.addAll(entrypoint);
      boolean shellForm = entrypoint.size() == 3 && entrypoint.get(0).equals("sh") && entrypoint.get(1).equals("-c");
      if (cmd != null && !shellForm) {
        argv.addAll(cmd);
      }
    } else if (cmd != null) {
      argv.addAll(cmd);
    }
    return argv.isEmpty() ? Optional.empty() : Optional.of(argv);
  }

  static List<String> form(String value) {
    if (value.startsWith("[")) {
      try {
        return EXEC_FORM.readValue(value, new TypeReference<List<String>>() {});
      } catch (IOException e) {
        // Docker treats unparseable JSON as shell form too.
      }
    }
    return List.of("sh", "-c", value);
  }
}
