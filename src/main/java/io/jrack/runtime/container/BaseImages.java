package io.jrack.runtime.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Base images made on this machine, for machines that reach no container registry:
 * {@code localhost/jrack/debian:<codename>} is a minimal Debian made by {@code mmdebstrap} from the
 * machine's own apt sources (never a mirror of ours), imported into the engine; its variants
 * ({@code -python}, {@code -node}, {@code -jdk}) add Debian's packages by a Dockerfile build. Each is
 * made once per store and kept; a file lock makes racks and tests that want one at the same time
 * wait for the first to make it.
 */
public final class BaseImages {
  public static final String REPOSITORY = "localhost/jrack/debian";
  private static final Map<String, String> VARIANTS = Map.of(
      "python", "python3",
      "node", "nodejs npm",
      "jdk", "openjdk-17-jdk-headless postgresql-client");

  private static final String LOCAL_CAS = "/usr/local/share/ca-certificates";

  private final ContainerEngine engine;
  private final Path lockFile;

  public BaseImages(ContainerEngine engine, Path storage) {
    this.engine = engine;
    this.lockFile = storage.resolve("base-images.lock");
  }

  /** {@code localhost/jrack/debian:bookworm} on a bookworm machine. */
  public static String debian() {
    return REPOSITORY + ":" + codename();
  }

  /** The image with a variant's packages, e.g. {@code localhost/jrack/debian:bookworm-python}. */
  public static String debian(String variant) {
    return debian() + "-" + variant;
  }

  /** True for a reference this class knows how to make. */
  public static boolean makes(String ref) {
    return recipe(ref).isPresent();
  }

  /** The variant's packages ("" for the plain image), when {@code ref} is one of ours. */
  private static Optional<String> recipe(String ref) {
    String prefix = REPOSITORY + ":";
    if (!ref.startsWith(prefix)) {
      return Optional.empty();
    }
    String tag = ref.substring(prefix.length());
    String[] parts = tag.split("-", 2);
    if (!parts[0].matches("[a-z]+")) {
      return Optional.empty();
    }
    return parts.length == 1 ? Optional.of("") : Optional.ofNullable(VARIANTS.get(parts[1]));
  }

  /** Makes {@code ref} unless the engine has it; {@code log} gets each line of the making. */
  @SuppressWarnings("try") // the lock is held, not used
  public void ensure(String ref, Consumer<String> log) throws EngineException {
    Optional<String> packages = recipe(ref);
    if (packages.isEmpty()) {
      throw new EngineException("no recipe for " + ref + " (expected " + REPOSITORY + ":<codename>[-python|-node|-jdk])");
    }
    if (engine.imageExists(ref)) {
      return;
    }
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
        if (engine.imageExists(ref)) {
          return;
        }
        String tag = ref.substring(REPOSITORY.length() + 1);
        String suite = tag.split("-", 2)[0];
        if (packages.get().isEmpty()) {
          bootstrap(suite, ref, log);
        } else {
          String base = REPOSITORY + ":" + suite;
          ensureLocked(base, log);
          variant(base, packages.get(), ref, log);
        }
      }
    } catch (IOException e) {
      throw new EngineException("could not make " + ref + ": " + e.getMessage());
    }
  }

  private void ensureLocked(String base, Consumer<String> log) throws EngineException, IOException {
    if (!engine.imageExists(base)) {
      bootstrap(base.substring(REPOSITORY.length() + 1), base, log);
    }
  }

  private void bootstrap(String suite, String ref, Consumer<String> log) throws EngineException, IOException {
    if (PodmanEngine.onPath("mmdebstrap").isEmpty()) {
      throw new EngineException("cannot make " + ref + ": mmdebstrap is not installed (apt-get install mmdebstrap)");
    }
    List<String> sources = aptSources();
    if (sources.isEmpty()) {
      throw new EngineException("cannot make " + ref + ": this machine has no apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d)");
    }
    Path tar = Files.createTempFile("jrack-rootfs-", ".tar");
    try {
      List<String> cmd = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase", "--quiet", "--format=tar", suite, tar.toString()));
      cmd.addAll(sources);
      log.accept("making " + ref + " from this machine's apt sources (mmdebstrap, once per machine)");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      List<String> out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        out.forEach(log);
        throw new EngineException("cannot make " + ref + ": mmdebstrap failed:\n" + String.join("\n", out.subList(Math.max(0, out.size() - 20), out.size())));
      }
      engine.importImage(tar, ref, List.of("bash"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("making " + ref + " was interrupted");
    } finally {
      Files.deleteIfExists(tar);
    }
  }

  /**
   * A variant trusts what this machine trusts: the certificate authorities its administrator added
   * ({@value #LOCAL_CAS}, e.g. a proxy's that intercepts TLS), so that {@code RUN npm install} and
   * the like reach their registries from here as the machine's own tools do. Node reads the
   * system's store only when told ({@code NODE_EXTRA_CA_CERTS}).
   */
  private void variant(String base, String packages, String ref, Consumer<String> log) throws EngineException, IOException {
    Path ctx = Files.createTempDirectory("jrack-base-");
    try {
      Path cas = Files.createDirectories(ctx.resolve("local-ca"));
      Files.writeString(cas.resolve("README"), "certificate authorities of the machine that made this image\n");
      Path local = Path.of(LOCAL_CAS);
      if (Files.isDirectory(local)) {
        try (Stream<Path> files = Files.list(local)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".crt") && Files.isRegularFile(f)).toList()) {
            Files.copy(f, cas.resolve(f.getFileName()));
          }
        }
      }
      Files.writeString(ctx.resolve("Dockerfile"), """
          FROM %s
          COPY local-ca/ /usr/local/share/ca-certificates/
          RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ca-certificates %s \\
            && update-ca-certificates && rm -rf /var/lib/apt/lists/*
          ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
          """.formatted(base, packages));
      engine.build(new ContainerEngine.BuildSpec(ctx, "Dockerfile", Map.of(), ref), log);
    } finally {
      try (Stream<Path> files = Files.walk(ctx)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** The machine's apt source files, as mmdebstrap takes them. */
  static List<String> aptSources() throws IOException {
    String suite = codename();
    List<String> out = new ArrayList<>();
    Path list = Path.of("/etc/apt/sources.list");
    if (Files.isRegularFile(list) && Files.readAllLines(list).stream().anyMatch(l -> l.strip().startsWith("deb "))) {
      out.add(list.toString());
    }
    Path dir = Path.of("/etc/apt/sources.list.d");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".list") || f.toString().endsWith(".sources")).sorted().toList()) {
          // Only the machine's sources of its own release: third-party ones may need keys a new system lacks.
          if (Files.readString(f).contains(suite)) {
            out.add(f.toString());
          }
        }
      }
    }
    return out;
  }

  /** The machine's Debian codename ({@code bookworm}), from /etc/os-release. */
  static String codename() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("VERSION_CODENAME=") && line.length() > 17) {
          return line.substring(17).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // Not Linux.
    }
    return "bookworm";
  }
}
