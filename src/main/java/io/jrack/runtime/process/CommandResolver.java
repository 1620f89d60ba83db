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

  static Path workDir(Service service, Path buildDir) {
    String path = service.build() == null ? "." : service.build().path();
    Path dir = buildDir.resolve(path).normalize();
    return dir.startsWith(buildDir.normalize()) ? dir : buildDir;
  }

  /** The last ENTRYPOINT and CMD win, as in Docker; an exec-form ENTRYPOINT takes CMD as arguments. */
  static Optional<List<String>> fromDockerfile(List<String> lines) {
    List<String> entrypoint = null;
    List<String> cmd = null;
    StringBuilder logical = new StringBuilder();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#") && logical.isEmpty()) {
        continue;
      }
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String instruction = logical.toString().strip();
      logical.setLength(0);
      String upper = instruction.toUpperCase(java.util.Locale.ROOT);
      if (upper.startsWith("FROM ")) {
        // A multi-stage build's final stage decides; earlier stages' CMDs do not count.
        entrypoint = null;
        cmd = null;
      } else if (upper.startsWith("ENTRYPOINT ")) {
        entrypoint = form(instruction.substring(11).strip());
      } else if (upper.startsWith("CMD ")) {
        cmd = form(instruction.substring(4).strip());
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

  private static List<String> form(String value) {
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
