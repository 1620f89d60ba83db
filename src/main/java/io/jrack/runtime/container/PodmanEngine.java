package io.jrack.runtime.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrack.runtime.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link ContainerEngine} by the {@code podman} command line, always with the rack's own
 * configuration ({@link PodmanConfig}), never the machine's.
 */
public final class PodmanEngine implements ContainerEngine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  private static final int QUOTED_LINES = 20;
  private static final Path DEFAULT_INIT = Path.of("/usr/libexec/podman/catatonit");

  private final String podman;
  private final Map<String, String> env;
  private final String version;
  private final Path holdRoot;

  private PodmanEngine(String podman, Map<String, String> env, String version, Path holdRoot) {
    this.podman = podman;
    this.env = env;
    this.version = version;
    this.holdRoot = holdRoot;
  }

  /**
   * The engine when this machine can run containers the way the rack needs (podman and runc
   * installed, run as root so the router reaches container addresses), else why not.
   */
  public static Availability detect(PodmanConfig config) {
    Optional<Path> podman = onPath("podman");
    if (podman.isEmpty()) {
      return new Availability(null, "podman is not installed (apt-get install podman runc)");
    }
    if (onPath("runc").isEmpty() && !Files.isExecutable(Path.of("/usr/sbin/runc"))) {
      return new Availability(null, "runc is not installed (apt-get install runc)");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return new Availability(null, "the container runtime needs root (rootless Podman networks are not reachable from the rack)");
    }
    try {
      Map<String, String> env = config.write();
      PodmanEngine engine = new PodmanEngine(podman.get().toString(), env, "", config.confDir());
      String version = engine.run(List.of("version", "--format", "{{.Client.Version}}")).strip();
      engine.run(List.of("info", "--format", "{{.Host.OCIRuntime.Name}}"));
      return new Availability(new PodmanEngine(podman.get().toString(), env, "podman " + version, config.confDir()), null);
    } catch (IOException | EngineException e) {
      return new Availability(null, "podman does not work here: " + e.getMessage());
    }
  }

  /** An engine, or the reason there is none. */
  public record Availability(PodmanEngine engine, String problem) {}

  static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    return version;
  }

  @Override
  public void build(BuildSpec spec, Consumer<String> log) throws EngineException {
    List<String> args = new ArrayList<>(List.of("build", "--layers", "--force-rm", "-f", spec.context().resolve(spec.dockerfile()).toString(), "-t", spec.tag()));
    spec.args().forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
    args.add(spec.context().toString());
    Deque<String> tail = new ArrayDeque<>();
    int code;
    try {
      Process p = start(args);
      p.getOutputStream().close();
      read(p.getInputStream(), line -> {
        if (ignored(line) || otherTag(line, spec.tag())) {
          return;
        }
        log.accept(line);
        tail.addLast(line);
        if (tail.size() > QUOTED_LINES) {
          tail.removeFirst();
        }
      });
      code = p.waitFor();
    } catch (IOException e) {
      throw new EngineException("podman build: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("podman build interrupted");
    }
    if (code != 0) {
      throw new EngineException(failedStep(List.copyOf(tail)));
    }
  }

  /**
   * A line of a build's output naming another tag of the image it made: Podman lists every tag the
   * image has, and a build whose layers are all cached makes the image of earlier builds.
   */
  static boolean otherTag(String line, String tag) {
    return line.startsWith("Successfully tagged ") && !line.substring("Successfully tagged ".length()).strip().equals(tag);
  }

  /** The build's own account of its failure: the step that failed and what it printed. */
  static String failedStep(List<String> tail) {
    int step = -1;
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (tail.get(i).startsWith("STEP ")) {
        step = i;
        break;
      }
    }
    return String.join("\n", step < 0 ? tail : tail.subList(step, tail.size()));
  }

  @Override
  public String run(RunSpec spec) throws EngineException {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", spec.name(), "--network", spec.network()));
    spec.labels().forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
    String userns = spec.labels().get(FencedEngine.LABEL_USERNS);
    if (userns != null) {
      // The app's own host ids (UserRanges): its root is nobody on the host.
      args.addAll(List.of("--uidmap", "0:" + userns, "--gidmap", "0:" + userns));
    }
    // A tiny init as PID 1 passes SIGTERM on: a shell as PID 1 (a command: given as a string runs
    // under sh -c) would ignore it, and every stop would wait out the termination grace.
    Optional<Path> init = Files.isExecutable(DEFAULT_INIT) ? Optional.of(DEFAULT_INIT) : onPath("catatonit");
    init.ifPresent(p -> args.addAll(List.of("--init", "--init-path", p.toString())));
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      // Values never go on a command line (ps shows them): --env NAME takes the value from our environment.
      args.addAll(List.of("--env", e.getKey()));
    }
    if (spec.cpus() > 0) {
      args.addAll(List.of("--cpus", Double.toString(spec.cpus())));
    }
    if (spec.memoryMb() > 0) {
      args.addAll(List.of("--memory", spec.memoryMb() + "m"));
    }
    for (Mount m : spec.mounts()) {
      args.addAll(List.of("--volume", m.source() + ":" + m.target()));
    }
    if (spec.dns() != null) {
      args.addAll(List.of("--dns", spec.dns().server()));
      spec.dns().search().forEach(d -> args.addAll(List.of("--dns-search", d)));
      spec.dns().options().forEach(o -> args.addAll(List.of("--dns-option", o)));
    }
    if (spec.entrypoint() != null) {
      args.add("--entrypoint=" + JSON.valueToTree(spec.entrypoint()));
    }
    args.add(spec.image());
    // As Convox does: command: replaces CMD and keeps the image's ENTRYPOINT.
    args.addAll(spec.command());
    return run(args, spec.env()).strip();
  }

  @Override
  public void stop(String id, Duration grace) {
    quietly(List.of("stop", "--time", Long.toString(Math.max(0, grace.toSeconds())), id));
  }

  @Override
  public void kill(String id) {
    quietly(List.of("kill", id));
  }

  @Override
  public void remove(String id) {
    quietly(List.of("rm", "--force", "--time", "0", "--ignore", id));
  }

  @Override
  public List<Container> list(Map<String, String> labels) throws EngineException {
    List<String> args = new ArrayList<>(List.of("ps", "--all", "--format", "json"));
    labels.forEach((k, v) -> args.addAll(List.of("--filter", "label=" + k + "=" + v)));
    List<Container> out = new ArrayList<>();
    for (JsonNode c : json(run(args))) {
      Map<String, String> l = new HashMap<>();
      c.path("Labels").properties().forEach(e -> l.put(e.getKey(), e.getValue().asText()));
      out.add(new Container(c.path("Id").asText(), c.path("Names").path(0).asText(), c.path("Image").asText(), l,
          c.path("State").asText().equals("running")));
    }
    return out;
  }

  @Override
  public Optional<String> address(String id, String network) throws EngineException {
    JsonNode n = inspect(id).path("NetworkSettings").path("Networks").path(network);
    String ip = n.path("IPAddress").asText("");
    return ip.isEmpty() ? Optional.empty() : Optional.of(ip);
  }

  @Override
  public Optional<Integer> exitCode(String id) throws EngineException {
    JsonNode state = inspect(id).path("State");
    return state.path("Running").asBoolean() ? Optional.empty() : Optional.of(state.path("ExitCode").asInt());
  }

  private JsonNode inspect(String id) throws EngineException {
    return json(run(List.of("container", "inspect", id))).path(0);
  }

  @Override
  public Follower follow(String id, Consumer<String> lines) throws EngineException {
    Process p;
    try {
      p = start(List.of("logs", "--follow", id));
      p.getOutputStream().close();
    } catch (IOException e) {
      throw new EngineException("podman logs: " + e.getMessage());
    }
    Thread reader = Thread.ofPlatform().daemon().name("logs-" + id.substring(0, Math.min(12, id.length())))
        .start(() -> read(p.getInputStream(), lines));
    return new Follower() {
      @Override
      public void await() throws InterruptedException {
        reader.join();
        p.waitFor();
      }

      @Override
      public void close() {
        p.destroy();
      }
    };
  }

  @Override
  public ExecResult exec(String id, List<String> argv, Duration timeout) throws EngineException {
    List<String> args = new ArrayList<>(List.of("exec", id));
    args.addAll(argv);
    Result r = execute(args, Map.of(), timeout);
    return new ExecResult(r.code(), r.output());
  }

  @Override
  public int attach(String id, List<String> argv, boolean tty, InputStream in, java.io.OutputStream out)
      throws EngineException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("exec", "--interactive"));
    if (tty) {
      args.add("--tty");
    }
    args.add(id);
    if (!tty) {
      // Podman 4.3 drops the output of an exec that ends before its attach is up (about one in
      // seven quick commands here). A byte of stdin arrives only through that attach: the command
      // starts once it has read one line of ours (sh's read takes no byte past it).
      args.addAll(List.of("sh", "-c", "read -r _ && exec \"$0\" \"$@\""));
    }
    args.addAll(argv);
    Process p;
    try {
      p = start(args);
    } catch (IOException e) {
      throw new EngineException("podman exec: " + e.getMessage());
    }
    Thread feeder = Thread.ofVirtual().name("exec-stdin-" + p.pid()).start(() -> {
      try (java.io.OutputStream stdin = p.getOutputStream()) {
        if (!tty) {
          stdin.write('\n');
          stdin.flush();
        }
        in.transferTo(stdin);
      } catch (IOException e) {
        // The command stopped reading, or ended: its input is no longer wanted.
      }
    });
    try (InputStream stdout = p.getInputStream()) {
      stdout.transferTo(new java.io.FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          out.flush();
        }
      });
      return p.waitFor();
    } catch (IOException e) {
      throw new EngineException("podman exec: " + e.getMessage());
    } finally {
      feeder.interrupt();
      p.destroy();
    }
  }

  @Override
  public List<String> imageCommand(String ref) throws EngineException {
    JsonNode config = json(run(List.of("image", "inspect", ref))).path(0).path("Config");
    List<String> argv = new ArrayList<>();
    for (String field : List.of("Entrypoint", "Cmd")) {
      config.path(field).forEach(a -> argv.add(a.asText()));
    }
    return argv;
  }

  @Override
  public boolean imageExists(String ref) {
    try {
      return execute(List.of("image", "exists", ref), Map.of(), COMMAND_TIMEOUT).code() == 0;
    } catch (EngineException e) {
      return false;
    }
  }

  @Override
  public void importImage(Path rootfs, String tag, List<String> cmd) throws EngineException {
    run(List.of("import", "--change", "CMD " + JSON.valueToTree(cmd), rootfs.toString(), tag));
  }

  @Override
  public void tag(String ref, String tag) throws EngineException {
    run(List.of("tag", ref, tag));
  }

  @Override
  public List<String> tags(String repository) throws EngineException {
    return run(List.of("images", "--noheading", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=" + repository))
        .lines().map(String::strip).filter(t -> t.startsWith(repository + ":")).distinct().toList();
  }

  @Override
  public void removeImage(String ref) {
    quietly(List.of("rmi", "--ignore", ref));
  }

  @Override
  public void prune() {
    quietly(List.of("image", "prune", "--force"));
  }

  @Override
  public Network network(String name, Map<String, String> labels) throws EngineException {
    boolean exists = execute(List.of("network", "exists", name), Map.of(), COMMAND_TIMEOUT).code() == 0;
    if (exists && json(run(List.of("network", "inspect", name))).path(0).path("dns_enabled").asBoolean()) {
      // Made by a rack before it had its own resolver: Podman's would hold port 53 of the gateway.
      removeNetwork(name);
      exists = false;
    }
    if (!exists) {
      List<String> args = new ArrayList<>(List.of("network", "create", "--disable-dns"));
      labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
      args.add(name);
      run(args);
    }
    JsonNode subnet = json(run(List.of("network", "inspect", name))).path(0).path("subnets").path(0);
    return new Network(name, subnet.path("subnet").asText(), subnet.path("gateway").asText());
  }

  @Override
  public void hold(String name, String network, Map<String, String> labels) throws EngineException {
    remove(name);
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", network));
    labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
    Optional<Path> catatonit = onPath("catatonit");
    if (catatonit.isPresent()) {
      // A root filesystem of one static binary that pauses: no image needed.
      Path root = holdRoot.resolve("rootfs");
      try {
        Files.createDirectories(root);
        Files.copy(catatonit.get(), root.resolve("catatonit"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new EngineException("could not prepare the network's holder in " + root + ": " + e.getMessage());
      }
      args.addAll(List.of("--rootfs", root.toString(), "/catatonit", "-P"));
    } else {
      args.addAll(List.of(BaseImages.debian(), "sleep", "infinity"));
    }
    run(args);
  }

  @Override
  public void removeNetwork(String name) {
    quietly(List.of("network", "rm", "--force", name));
  }

  @Override
  public void volume(String name, Map<String, String> labels) throws EngineException {
    if (execute(List.of("volume", "exists", name), Map.of(), COMMAND_TIMEOUT).code() != 0) {
      List<String> args = new ArrayList<>(List.of("volume", "create"));
      labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
      args.add(name);
      run(args);
    }
  }

  @Override
  public void removeVolume(String name) {
    quietly(List.of("volume", "rm", "--force", name));
  }

  @Override
  public List<String> volumes(Map<String, String> labels) throws EngineException {
    List<String> args = new ArrayList<>(List.of("volume", "ls", "--format", "json"));
    labels.forEach((k, v) -> args.addAll(List.of("--filter", "label=" + k + "=" + v)));
    List<String> out = new ArrayList<>();
    for (JsonNode v : json(run(args))) {
      out.add(v.path("Name").asText());
    }
    return out;
  }

  private record Result(int code, String output) {}

  private String run(List<String> args) throws EngineException {
    return run(args, Map.of());
  }

  /** Runs a podman command to its end; its output, or an exception quoting it. */
  private String run(List<String> args, Map<String, String> extraEnv) throws EngineException {
    Result r = execute(args, extraEnv, COMMAND_TIMEOUT);
    if (r.code() != 0) {
      throw new EngineException("podman " + args.get(0) + (args.size() > 1 && !args.get(1).startsWith("-") ? " " + args.get(1) : "") + ": "
          + (r.output().isBlank() ? "exit code " + r.code() : r.output().strip()));
    }
    return r.output();
  }

  private void quietly(List<String> args) {
    try {
      execute(args, Map.of(), COMMAND_TIMEOUT);
    } catch (EngineException e) {
      // Cleaning up: what is gone is fine, and the next start removes what is left.
    }
  }

  private Result execute(List<String> args, Map<String, String> extraEnv, Duration timeout) throws EngineException {
    try {
      Process p = start(args, extraEnv, false);
      p.getOutputStream().close();
      StringBuilder out = new StringBuilder();
      Thread err = Thread.ofPlatform().daemon().start(() -> read(p.getErrorStream(), line -> {
        if (!ignored(line)) {
          synchronized (out) {
            out.append(line).append('\n');
          }
        }
      }));
      byte[] stdout = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new EngineException("podman " + args.get(0) + ": no answer after " + timeout.toSeconds() + " s");
      }
      err.join();
      synchronized (out) {
        String text = new String(stdout, StandardCharsets.UTF_8);
        return new Result(p.exitValue(), p.exitValue() == 0 ? text : out + text);
      }
    } catch (IOException e) {
      throw new EngineException("podman " + args.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("podman " + args.get(0) + ": interrupted");
    }
  }

  private Process start(List<String> args) throws IOException {
    return start(args, Map.of(), true);
  }

  private Process start(List<String> args, Map<String, String> extraEnv, boolean mergeErrors) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(podman);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(mergeErrors);
    Map<String, String> e = pb.environment();
    e.putAll(env);
    e.putAll(new LinkedHashMap<>(extraEnv));
    return pb.start();
  }

  /** Podman's conmon complains when the machine runs no syslog; that says nothing about the command. */
  private static boolean ignored(String line) {
    return line.startsWith("failed to connect to syslog");
  }

  private static void read(InputStream in, Consumer<String> lines) {
    LineSplitter splitter = new LineSplitter(LineSplitter.MAX_LINE_BYTES, lines);
    byte[] chunk = new byte[8192];
    try (in) {
      for (int n; (n = in.read(chunk)) >= 0; ) {
        splitter.feed(chunk, 0, n);
      }
    } catch (IOException e) {
      // The command closed its output.
    }
    splitter.end();
  }

  private static JsonNode json(String text) throws EngineException {
    try {
      JsonNode n = JSON.readTree(text.isBlank() ? "[]" : text);
      return n == null ? JSON.createArrayNode() : n;
    } catch (IOException e) {
      throw new EngineException("podman answered something that is not JSON: " + text.lines().findFirst().orElse(""));
    }
  }
}
