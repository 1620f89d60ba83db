package io.jrack.runtime.resource;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * MySQL-protocol databases ({@code mysql} and {@code mariadb}) from the machine's MariaDB server,
 * which is what Debian ships for both. The user, its password and the database are created in
 * bootstrap mode, with the SQL on standard input, so the password never reaches a command line.
 */
final class MariadbRecipe implements ServerRecipe {
  private static final List<Path> OFF_PATH = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"), Path.of("/usr/bin"));

  @Override
  public List<String> types() {
    return List.of("mysql", "mariadb");
  }

  @Override
  public Installation find(Path bundleDir) throws RuntimeFailure {
    Path server = Binaries.find("mariadbd", OFF_PATH).or(() -> Binaries.find("mysqld", OFF_PATH))
        .orElseThrow(() -> new RuntimeFailure("MariaDB/MySQL is not installed: mariadbd was not found on PATH"
            + " or in /usr/sbin (install the Debian package mariadb-server)"));
    if (Binaries.find("mariadb-install-db", OFF_PATH).or(() -> Binaries.find("mysql_install_db", OFF_PATH)).isEmpty()) {
      throw new RuntimeFailure("MariaDB: " + server + " has no mariadb-install-db (install the Debian package mariadb-server)");
    }
    return new Installation(server.getParent(), Binaries.firstVersion(Binaries.versionOutput(server, "--version")));
  }

  @Override
  public void initialise(Installation install, Path dir, ResourceEndpoint endpoint, Path shared) throws RuntimeFailure {
    Path scratch = dir.resolve("data.new");
    Path installDb = Binaries.find("mariadb-install-db", OFF_PATH).or(() -> Binaries.find("mysql_install_db", OFF_PATH))
        .orElseThrow(() -> new RuntimeFailure("MariaDB: mariadb-install-db not found"));
    try {
      Scratch.clear(scratch);
      SetupCommand.run("mariadb-install-db", Unprivileged.wrap(List.of(installDb.toString(), "--no-defaults",
          "--datadir=" + scratch, "--auth-root-authentication-method=socket", "--skip-test-db", "--skip-name-resolve")), dir, null);
      String db = "`" + endpoint.database().replace("`", "``") + "`";
      String user = "'" + sql(endpoint.user()) + "'";
      String password = "'" + sql(endpoint.password()) + "'";
      // FLUSH PRIVILEGES first: bootstrap mode starts without the grant tables loaded. ALL on the
      // database alone holds no global privilege (FILE, SUPER, PROCESS) and no GRANT OPTION.
      String bootstrap = String.join("\n",
          "FLUSH PRIVILEGES;",
          "CREATE DATABASE IF NOT EXISTS " + db + ";",
          "CREATE USER " + user + "@'127.0.0.1' IDENTIFIED BY " + password + ";",
          "CREATE USER " + user + "@'localhost' IDENTIFIED BY " + password + ";",
          "GRANT ALL ON " + db + ".* TO " + user + "@'127.0.0.1';",
          "GRANT ALL ON " + db + ".* TO " + user + "@'localhost';",
          "");
      SetupCommand.run("create database", Unprivileged.wrap(List.of(install.program(serverName(install)).toString(),
          "--no-defaults", "--datadir=" + scratch, "--bootstrap")), dir, bootstrap);
      Files.move(scratch, dir.resolve("data"));
    } catch (IOException e) {
      throw new RuntimeFailure("MariaDB set-up in " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public List<String> command(Installation install, Path dir, ResourceEndpoint endpoint) {
    return ChildEnvironment.wrap(Unprivileged.wrap(List.of(install.program(serverName(install)).toString(), "--no-defaults",
        "--datadir=" + dir.resolve("data"), "--bind-address=127.0.0.1", "--port=" + endpoint.port(),
        // Relative: resolved in the data directory, and short enough for a socket's 107-byte limit.
        "--socket=mysqld.sock", "--pid-file=" + dir.resolve("mysqld.pid"), "--skip-name-resolve")));
  }

  /** Ready when the server sends its protocol-10 greeting (an error packet, 0xff, while it starts). */
  @Override
  public boolean ready(Path dir, ResourceEndpoint endpoint) {
    byte[] greeting = Probe.exchange(endpoint.port(), null, 128, 0);
    return greeting.length > 5 && greeting[4] == 0x0a;
  }

  private static String serverName(Installation install) {
    return Files.isExecutable(install.program("mariadbd")) ? "mariadbd" : "mysqld";
  }

  private static String sql(String s) {
    return s.replace("\\", "\\\\").replace("'", "''");
  }
}
