package io.jrack.runtime.container;

import io.jrack.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The rack's own Podman configuration, so that nothing depends on the machine's: a
 * {@code containers.conf} (given to Podman by {@code CONTAINERS_CONF}, which then reads no other)
 * and a {@code storage.conf} ({@code CONTAINERS_STORAGE_CONF}). It selects {@code runc} ({@code crun}
 * 1.8 fails on hybrid cgroups) and default ulimits below the rack's own hard limits (Podman's
 * defaults sit at the hard maximum, which the kernel refuses with EPERM in some sandboxes). Images,
 * volumes and networks live in one store per user ({@code storage}), shared by that user's racks, so
 * base images and build layers are made once per machine.
 */
public record PodmanConfig(Path confDir, Path storage, Path runRoot) {
  static final int NOFILE = 65536;
  static final int NPROC = 4096;

  /** The rack's configuration in {@code <rackDir>/containers}, the shared store under {@code storage}. */
  public static PodmanConfig forRack(Path rackDir, Path storage) {
    return new PodmanConfig(rackDir.resolve("containers"), storage, runRoot(storage));
  }

  /** Where a user's racks keep images: {@code $JRACK_CONTAINERS}, else {@code ~/.jrack/containers}. */
  public static Path defaultStorage() {
    String env = System.getenv("JRACK_CONTAINERS");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".jrack", "containers");
  }

  /**
   * Podman's running state must not survive a reboot (it would take dead containers for live
   * ones): on /run, one directory per store.
   */
  private static Path runRoot(Path storage) {
    String id = Integer.toHexString(storage.toAbsolutePath().normalize().toString().hashCode());
    String xdg = System.getenv("XDG_RUNTIME_DIR");
    Path base = Files.isWritable(Path.of("/run")) ? Path.of("/run") : xdg != null ? Path.of(xdg) : Path.of(System.getProperty("java.io.tmpdir"));
    return base.resolve("jrack-containers-" + id);
  }

  /** Writes both files (again: a new rack version may write different ones) and returns the environment to run Podman with. */
  public Map<String, String> write() throws IOException {
    Files.createDirectories(confDir);
    Files.createDirectories(storage);
    long[] limits = hardLimits();
    String conf = """
        # Written by the rack at each start: edits are lost.
        [containers]
        default_ulimits = ["nofile=%d:%d", "nproc=%d:%d"]
        log_driver = "k8s-file"
        log_size_max = 16777216

        [engine]
        runtime = "runc"
        cgroup_manager = "cgroupfs"
        events_logger = "file"
        tmp_dir = "%s"

        [network]
        network_config_dir = "%s"
        """.formatted(limits[0], limits[0], limits[1], limits[1], runRoot.resolve("libpod"), storage.resolve("networks"));
    String storageConf = """
        # Written by the rack at each start: edits are lost.
        [storage]
        driver = "overlay"
        graphroot = "%s"
        runroot = "%s"
        """.formatted(storage.resolve("storage"), runRoot.resolve("storage"));
    PrivateFiles.write(confDir.resolve("containers.conf"), conf);
    PrivateFiles.write(confDir.resolve("storage.conf"), storageConf);
    return Map.of("CONTAINERS_CONF", confDir.resolve("containers.conf").toString(),
        "CONTAINERS_STORAGE_CONF", confDir.resolve("storage.conf").toString());
  }

  /** Open files and processes: ours, capped at the hard limits this process may raise to. */
  static long[] hardLimits() {
    long nofile = NOFILE;
    long nproc = NPROC;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        List<String> f = List.of(line.trim().split("\\s{2,}"));
        if (f.size() >= 3 && f.get(0).equals("Max open files")) {
          nofile = Math.min(nofile, parse(f.get(2), nofile));
        } else if (f.size() >= 3 && f.get(0).equals("Max processes")) {
          nproc = Math.min(nproc, parse(f.get(2), nproc));
        }
      }
    } catch (IOException e) {
      // Not Linux: the defaults above.
    }
    return new long[] {nofile, nproc};
  }

  private static long parse(String value, long fallback) {
    return value.equals("unlimited") ? fallback : Long.parseLong(value);
  }
}
