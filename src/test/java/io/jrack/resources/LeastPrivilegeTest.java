package io.jrack.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrack.testing.RackProcess;
import io.jrack.testing.SourceTar;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an app's own credentials can do with its resources, and what its resource servers inherit
 * from the rack: the PostgreSQL role is no superuser (no COPY ... PROGRAM), the MariaDB user has no
 * global privilege (no FILE), and no server sees the rack's environment.
 */
class LeastPrivilegeTest {
  private static final String MARKER = "JRACK_LEAST_PRIVILEGE_MARKER";
  private static final String RACK_SECRET = "rack-env-secret-" + System.nanoTime();

  @Test
  void theAppsRolesHaveNoServerPowersAndTheServersNoneOfTheRacksEnvironment(@TempDir Path tmp) throws Exception {
    assumeTrue(Installed.has("initdb"), Installed.reason("initdb", "postgresql"));
    boolean mariadb = Installed.has("mariadbd", "/usr/sbin");
    boolean redis = Installed.has("redis-server");
    boolean memcached = Installed.has("memcached");
    StringBuilder resources = new StringBuilder("db:\n  type: postgres\n");
    List<String> names = new ArrayList<>(List.of("db"));
    if (mariadb) {
      resources.append("mysql:\n  type: mysql\n");
      names.add("mysql");
    }
    if (redis) {
      resources.append("kv:\n  type: redis\n");
      names.add("kv");
    }
    if (memcached) {
      resources.append("mc:\n  type: memcached\n");
      names.add("mc");
    }
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("convox.yml"), "resources:\n" + resources.toString().indent(2)
        + "services:\n  worker:\n    build: .\n    command: sleep 600\n    resources:\n"
        + names.stream().map(n -> "      - " + n + "\n").reduce("", String::concat));
    Path rackDir = tmp.resolve("rack");
    try (RackProcess rack = RackProcess.start(rackDir, Map.of("CONVOX_PASSWORD", RACK_SECRET, MARKER, RACK_SECRET))) {
      rack.client.appCreate("shop");
      rack.client.releasePromote("shop", rack.client.buildCreate("shop", SourceTar.of(src), null).release());

      for (String name : names) {
        long pid = Long.parseLong(Files.readString(rackDir.resolve("pids/shop/resource-" + name)).split(" ")[0]);
        String environ = Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1);
        List<String> keys = Arrays.stream(environ.split("\0")).filter(v -> v.contains("=")).map(v -> v.substring(0, v.indexOf('='))).toList();
        assertThat(environ).as("resource %s", name).doesNotContain(RACK_SECRET).doesNotContain(MARKER).doesNotContain("CONVOX_PASSWORD");
        // Redis overwrites its environment's memory with its process title: nothing left to read there.
        if (!name.equals("kv")) {
          assertThat(keys).as("resource %s", name).containsExactlyInAnyOrder("PATH", "LANG");
        }
      }

      // The service's own processes: the variables the rack gives them, never its own environment.
      try (var pids = Files.list(rackDir.resolve("pids/shop"))) {
        List<Path> services = pids.filter(p -> !p.getFileName().toString().startsWith("resource-")).toList();
        assertThat(services).isNotEmpty();
        for (Path pidFile : services) {
          long pid = Long.parseLong(Files.readString(pidFile).split(" ")[0]);
          assertThat(Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1))
              .as("service %s", pidFile.getFileName()).contains("APP=shop").doesNotContain(RACK_SECRET).doesNotContain(MARKER);
        }
      }

      URI pg = URI.create(rack.client.resourceGet("shop", "db").url());
      try (Connection c = connect("jdbc:postgresql", pg)) {
        assertThat(one(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("f");
        assertThat(one(c, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")).isEqualTo(pg.getUserInfo().split(":")[0]);
        assertThat(one(c, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'")).isEqualTo(pg.getUserInfo().split(":")[0]);
        assertThat(one(c, "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
            + " WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = current_user)")).isEqualTo("0");
        c.createStatement().execute("CREATE TABLE t (v text)");
        // 42501 is insufficient_privilege ("permission denied" / "must be superuser or ...", by version).
        assertThatThrownBy(() -> c.createStatement().execute("COPY t FROM PROGRAM 'id'"))
            .isInstanceOf(SQLException.class).hasMessageContaining("pg_execute_server_program")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        assertThatThrownBy(() -> c.createStatement().execute("SELECT pg_read_file('/etc/passwd')"))
            .isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
      }
      // The superuser is refused even before its (unknown) password is asked for.
      URI asSuperuser = URI.create(pg.toString().replaceFirst("//[^:]+:", "//jrack:"));
      assertThatThrownBy(() -> connect("jdbc:postgresql", asSuperuser).close())
          .isInstanceOf(SQLException.class).hasMessageContaining("rejects connection");

      if (redis) {
        // Redis 7 refuses, by its own defaults, to move its files (CONFIG SET dir) for any client.
        URI kv = URI.create(rack.client.resourceGet("shop", "kv").url());
        String password = kv.getUserInfo().split(":", 2)[1];
        String reply = redis(kv.getPort(), "AUTH " + password + "\r\nCONFIG SET dir /tmp\r\n");
        assertThat(reply).startsWith("+OK\r\n").contains("-ERR CONFIG SET failed").contains("protected config");
      }
      if (mariadb) {
        URI my = URI.create(rack.client.resourceGet("shop", "mysql").url());
        try (Connection c = connect("jdbc:mariadb", my)) {
          List<String> grants = all(c, "SHOW GRANTS");
          assertThat(String.join("\n", grants)).doesNotContain("FILE", "SUPER", "PROCESS", "GRANT OPTION");
          // On every database (*.*) only USAGE, which is the right to log in; ALL only on its own.
          assertThat(grants).filteredOn(g -> g.contains(" ON *.* ")).allMatch(g -> g.startsWith("GRANT USAGE ON *.* "));
          assertThat(grants).anyMatch(g -> g.startsWith("GRANT ALL PRIVILEGES ON `app`.* "));
          assertThat(one(c, "SELECT LOAD_FILE('/etc/passwd')")).isNull();
        }
      }
    }
  }

  private static String redis(int port, String commands) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static Connection connect(String scheme, URI url) throws SQLException {
    String[] user = url.getUserInfo().split(":", 2);
    return DriverManager.getConnection(scheme + "://127.0.0.1:" + url.getPort() + url.getPath(), user[0], user[1]);
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static List<String> all(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
