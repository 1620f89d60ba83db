package io.jrack.runtime.resource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole environment of every process this package starts (servers, their set-up commands,
 * {@code --version} probes): {@code PATH}, so a server finds its helper programs where the rack
 * found the server, and {@code LANG=C}. Nothing else of the rack's own environment, which holds
 * {@code CONVOX_PASSWORD} and whatever its user exported, reaches a server an app's code talks to.
 */
final class ChildEnvironment {
  private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ChildEnvironment() {}

  static Map<String, String> variables() {
    Map<String, String> env = new LinkedHashMap<>();
    String path = System.getenv("PATH");
    env.put("PATH", path == null || path.isBlank() ? DEFAULT_PATH : path);
    env.put("LANG", "C");
    return env;
  }

  /** Replaces {@code pb}'s environment (a copy of the rack's, by default) with {@link #variables()}. */
  static ProcessBuilder apply(ProcessBuilder pb) {
    pb.environment().clear();
    pb.environment().putAll(variables());
    return pb;
  }

  /**
   * {@code argv} run through {@code env -i}, for a command whose process another package starts:
   * the server then has exactly {@link #variables()}, however it was launched.
   */
  static List<String> wrap(List<String> argv) {
    List<String> out = new ArrayList<>();
    out.add(Files.isExecutable(Path.of("/usr/bin/env")) ? "/usr/bin/env" : "env");
    out.add("-i");
    variables().forEach((k, v) -> out.add(k + "=" + v));
    out.addAll(argv);
    return out;
  }
}
