package io.jrack.runtime.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What of a Dockerfile the process runtime can honour, running the service on this machine from
 * its build directory: {@code FROM} an image whose software this machine has, {@code COPY} of the
 * build directory (or its files) to the {@code WORKDIR} unchanged, {@code ENV} with literal values,
 * and what only describes the image (ARG, EXPOSE, LABEL, USER...). Anything else (RUN, a copy to
 * another path, a multi-stage build) is refused with its line, rather than dropped without a word.
 */
final class HostBuild {
  private static final String INSTALL = "; install podman";
  /** The program an official image's name promises, by the name's last part before the tag. */
  private static final Map<String, String> SOFTWARE = new LinkedHashMap<>();
  static {
    for (String jdk : List.of("openjdk", "eclipse-temurin", "amazoncorretto", "ibmjava", "sapmachine", "maven", "gradle")) {
      SOFTWARE.put(jdk, "java");
    }
    SOFTWARE.put("node", "node");
    SOFTWARE.put("python", "python3");
    SOFTWARE.put("pypy", "pypy3");
    SOFTWARE.put("ruby", "ruby");
    SOFTWARE.put("golang", "go");
    SOFTWARE.put("php", "php");
    SOFTWARE.put("perl", "perl");
    SOFTWARE.put("rust", "cargo");
    SOFTWARE.put("elixir", "elixir");
    SOFTWARE.put("erlang", "erl");
    SOFTWARE.put("nginx", "nginx");
    SOFTWARE.put("httpd", "httpd");
    SOFTWARE.put("redis", "redis-server");
    SOFTWARE.put("postgres", "postgres");
  }
  /** The rack's own base images' variants: {@code localhost/jrack/debian:bookworm-jdk}. */
  private static final Map<String, String> VARIANTS = Map.of("jdk", "java", "node", "node", "python", "python3");
  private static final Set<String> DESCRIPTIVE = Set.of("ARG", "EXPOSE", "LABEL", "MAINTAINER", "USER", "HEALTHCHECK", "STOPSIGNAL",
      "VOLUME", "SHELL", "CMD", "ENTRYPOINT");
  private static final Set<String> SHELL_WORDS = Set.of("cd", "exec", "export", "set", ".", "source", "if", "for", "while", "test", "[",
      "true", ":", "echo", "env", "sh", "bash", "trap", "umask", "ulimit");

  private final Dockerfile file;
  private final Path context;
  private final Predicate<String> installed;
  /** By line, so a copy checked after the whole file is read is still said in its place. */
  private final java.util.TreeMap<Integer, List<String>> problems = new java.util.TreeMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();

  private HostBuild(Dockerfile file, Path context, Predicate<String> installed) {
    this.file = file;
    this.context = context;
    this.installed = installed;
    check();
  }

  /** {@code installed}: whether this machine runs a program of that name (on its PATH). */
  static HostBuild of(Dockerfile file, Path context, Predicate<String> installed) {
    return new HostBuild(file, context, installed);
  }

  /** What cannot run here, one line each: {@code Dockerfile:4: RUN npm install: the process runtime cannot run build steps; install podman}. */
  List<String> problems() {
    return problems.values().stream().flatMap(List::stream).toList();
  }

  /** The ENV instructions' variables, for the process's environment. */
  Map<String, String> env() {
    return env;
  }

  private void check() {
    String workdir = "/";
    List<Dockerfile.Instruction> copies = new ArrayList<>();
    List<String> copyTargets = new ArrayList<>();
    boolean from = false;
    for (Dockerfile.Instruction i : file.instructions()) {
      switch (i.keyword()) {
        case "FROM" -> {
          if (from) {
            refuse(i, "a multi-stage build needs an image build");
          } else {
            from(i);
          }
          from = true;
        }
        case "RUN", "ONBUILD" -> refuse(i, "the process runtime cannot run build steps");
        case "WORKDIR" -> {
          if (i.arguments().contains("$")) {
            refuse(i, "the process runtime does not expand build variables");
          }
          workdir = resolve(workdir, unquote(i.arguments()));
        }
        case "ENV" -> env(i);
        case "COPY", "ADD" -> {
          copies.add(i);
          copyTargets.add(workdir);
        }
        default -> {
          if (!DESCRIPTIVE.contains(i.keyword())) {
            refuse(i, "the process runtime does not know this instruction");
          }
        }
      }
    }
    // The service runs in its build directory, which stands for the final WORKDIR: a copy must put each file where the build directory has it.
    for (int k = 0; k < copies.size(); k++) {
      copy(copies.get(k), copyTargets.get(k), workdir);
    }
  }

  private void from(Dockerfile.Instruction i) {
    List<String> words = new ArrayList<>(List.of(i.arguments().split("\\s+")));
    words.removeIf(w -> w.startsWith("--"));
    if (words.isEmpty()) {
      return;
    }
    software(words.get(0)).filter(program -> !installed.test(program)).ifPresent(program ->
        refuse(i, "the process runtime runs services on this machine, which has no " + program + " (the image's software)"));
  }

  /** The program an image provides, when its name is one this class knows. */
  static Optional<String> software(String image) {
    String name = image;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    String tag = "";
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
    }
    String last = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.startsWith("localhost/jrack/") && tag.contains("-")) {
      return Optional.ofNullable(VARIANTS.get(tag.substring(tag.indexOf('-') + 1)));
    }
    if (SOFTWARE.containsKey(last)) {
      return Optional.of(SOFTWARE.get(last));
    }
    return last.contains("jdk") || last.contains("jre") ? Optional.of("java") : Optional.empty();
  }

  private void env(Dockerfile.Instruction i) {
    if (i.arguments().contains("$")) {
      refuse(i, "the process runtime does not expand build variables");
      return;
    }
    String args = i.arguments();
    if (!args.contains("=") || args.indexOf(' ') >= 0 && args.indexOf(' ') < args.indexOf('=')) {
      String[] kv = args.split("\\s+", 2);
      env.put(kv[0], kv.length > 1 ? unquote(kv[1]) : "");
      return;
    }
    for (String pair : args.split("\\s+(?=[A-Za-z_][A-Za-z0-9_]*=)")) {
      int eq = pair.indexOf('=');
      env.put(pair.substring(0, eq), unquote(pair.substring(eq + 1)));
    }
  }

  private void copy(Dockerfile.Instruction i, String workdirThen, String finalWorkdir) {
    String why = "the process runtime runs the service from its build directory and cannot copy files to other paths";
    List<String> words = words(i.arguments());
    if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
      refuse(i, "a copy from another image or stage needs an image build");
      return;
    }
    words.removeIf(w -> w.startsWith("--"));
    if (words.size() < 2) {
      refuse(i, why);
      return;
    }
    String dest = words.get(words.size() - 1);
    String target = resolve(workdirThen, dest);
    for (String source : words.subList(0, words.size() - 1)) {
      String s = Path.of(source).normalize().toString();
      boolean remote = source.contains("://") || i.keyword().equals("ADD") && source.matches(".*\\.(tar|tgz|tar\\.\\w+|zip)$");
      if (remote || source.matches(".*[*?\\[].*") || s.startsWith("..") || s.startsWith("/")) {
        refuse(i, why);
        return;
      }
      String lands;
      if (s.isEmpty() || s.equals(".") || Files.isDirectory(context.resolve(s))) {
        lands = target;
      } else {
        boolean into = dest.endsWith("/") || dest.equals(".") || words.size() > 2 || target.equals(finalWorkdir);
        lands = into ? resolve(target, Path.of(s).getFileName().toString()) : target;
      }
      String expected = s.isEmpty() || s.equals(".") ? finalWorkdir : resolve(finalWorkdir, s);
      if (!lands.equals(expected)) {
        refuse(i, why);
        return;
      }
    }
  }

  /**
   * Checks that the program a service's command starts is on this machine: the first word of
   * {@code argv} (of the script, for {@code sh -c}), a path in the build directory or a name on the PATH.
   */
  static Optional<String> missingProgram(List<String> argv, Path workDir, Predicate<String> installed) {
    String program;
    if (argv.size() == 3 && argv.get(0).equals("sh") && argv.get(1).equals("-c")) {
      List<String> script = new ArrayList<>(List.of(argv.get(2).strip().split("\\s+")));
      script.removeIf(w -> w.matches("[A-Za-z_][A-Za-z0-9_]*=.*"));
      program = script.isEmpty() ? "" : script.get(0);
    } else {
      program = argv.isEmpty() ? "" : argv.get(0);
    }
    if (program.isEmpty() || SHELL_WORDS.contains(program) || program.matches(".*[$`'\"(){};&|<>].*")) {
      return Optional.empty();
    }
    if (program.contains("/")) {
      Path p = program.startsWith("/") ? Path.of(program) : workDir.resolve(program);
      return Files.exists(p) ? Optional.empty() : Optional.of(program);
    }
    return installed.test(program) ? Optional.empty() : Optional.of(program);
  }

  /** A program on this machine's PATH. */
  static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private void refuse(Dockerfile.Instruction i, String why) {
    problems.computeIfAbsent(i.line(), k -> new ArrayList<>()).add(i.at(file.name()) + ": " + i.text() + ": " + why + INSTALL);
  }

  private static String resolve(String base, String path) {
    String joined = path.startsWith("/") ? path : (base.endsWith("/") ? base : base + "/") + path;
    String n = Path.of(joined).normalize().toString();
    return n.length() > 1 && n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  private static List<String> words(String arguments) {
    if (arguments.startsWith("[")) {
      List<String> exec = CommandResolver.form(arguments);
      boolean parsed = !(exec.size() == 3 && exec.get(0).equals("sh") && exec.get(2).equals(arguments));
      if (parsed) {
        return new ArrayList<>(exec);
      }
    }
    List<String> out = new ArrayList<>();
    for (String w : arguments.split("\\s+")) {
      out.add(unquote(w));
    }
    return out;
  }

  private static String unquote(String v) {
    String s = v.strip();
    return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'")) ? s.substring(1, s.length() - 1) : s;
  }
}
