package io.jrack.runtime.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ResourceKind;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.resource.ServerRecipe.Installation;
import io.jrack.testing.RequiredServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New databases are copies of one template cluster per rack: each still has its own password (and
 * only that one), its data outlives a restart of its server, and no password reaches a command
 * line or the server's output.
 */
class PostgresTemplateTest {

  @Test
  void copiesOfOneTemplateEachAcceptOnlyTheirOwnPasswordAndKeepTheirData(@TempDir Path tmp) throws Exception {
    PostgresRecipe recipe = new PostgresRecipe(PostgresRecipe.Source.SYSTEM_FIRST);
    Installation install;
    try {
      install = recipe.find(tmp.resolve(".bin"));
    } catch (RuntimeFailure e) {
      RequiredServer.assume(false, e.getMessage());
      return;
    }
    Path shared = tmp.resolve(".shared");
    // Prepared ahead, as a rack does once it runs: the deploys below only copy it.
    assertThat(recipe.prepare(tmp.resolve(".bin"), shared)).isTrue();
    Path templates = shared.resolve("template");
    List<Path> made = list(templates);
    assertThat(made).hasSize(1);
    Path template = made.get(0).resolve("data");
    assertThat(template.resolve("PG_VERSION")).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.get(0)))).isEqualTo("rwx------");
    assertThat(made.get(0).resolve("initdb.pw")).doesNotExist();
    long templateMade = Files.getLastModifiedTime(template.resolve("PG_VERSION")).toMillis();

    List<String> lines = new CopyOnWriteArrayList<>();
    List<ResourceServer> servers = new ArrayList<>();
    List<ResourceEndpoint> endpoints = new ArrayList<>();
    try {
      for (String app : List.of("one", "two")) {
        ResourceEndpoint endpoint = ResourceKind.POSTGRES.at("127.0.0.1", freePort(), app + "Pw" + System.nanoTime());
        Path dir = Files.createDirectories(tmp.resolve(app + "/database.postgres"));
        recipe.initialise(install, dir, endpoint, shared);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/base")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/global/pg_control")))).isEqualTo("rw-------");
        assertThat(dir.resolve("data.new")).doesNotExist();
        ResourceServer server = new ResourceServer(app, "database", recipe, install, dir, endpoint,
            (a, source, text) -> lines.add(source + " " + text), new PidFiles(tmp.resolve("pids")));
        servers.add(server);
        endpoints.add(endpoint);
        server.start();
        assertThat(server.awaitReady(Duration.ofSeconds(60))).isNull();
        String cmdline = Files.readString(Path.of("/proc", Long.toString(server.pid()), "cmdline"));
        assertThat(cmdline).contains("postgres").doesNotContain(endpoint.password());
      }
      // One template, made once: the copies did not make another or remake it.
      assertThat(list(templates)).hasSize(1);
      assertThat(Files.getLastModifiedTime(template.resolve("PG_VERSION")).toMillis()).isEqualTo(templateMade);

      ResourceEndpoint one = endpoints.get(0);
      ResourceEndpoint two = endpoints.get(1);
      execute(one, one.password(), "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('one')");
      execute(two, two.password(), "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('two')");
      // Each copy refuses the other's password: the template's role was given a new one per copy.
      assertThatThrownBy(() -> execute(one, two.password(), "SELECT 1")).isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
      assertThatThrownBy(() -> execute(two, one.password(), "SELECT 1")).isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");

      // The data survives its server's restart.
      servers.get(0).stop();
      ResourceServer again = new ResourceServer("one", "database", recipe, install, tmp.resolve("one/database.postgres"), one,
          (a, source, text) -> lines.add(source + " " + text), new PidFiles(tmp.resolve("pids")));
      servers.set(0, again);
      again.start();
      assertThat(again.awaitReady(Duration.ofSeconds(60))).isNull();
      assertThat(query(one, "SELECT v FROM t")).isEqualTo("one");
      assertThat(query(two, "SELECT v FROM t")).isEqualTo("two");

      String output = String.join("\n", lines);
      assertThat(output).contains("ready to accept connections").doesNotContain(one.password()).doesNotContain(two.password());
    } finally {
      servers.forEach(ResourceServer::stop);
    }
  }

  /** The verifier has PostgreSQL's shape and a fresh salt each time (two copies never share one). */
  @Test
  void aVerifierIsSaltedAnewAndHoldsNoPassword() {
    String a = PostgresTemplate.scramVerifier("samePassword1");
    String b = PostgresTemplate.scramVerifier("samePassword1");
    assertThat(a).matches("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}").doesNotContain("samePassword1");
    assertThat(a).isNotEqualTo(b);
  }

  private static List<Path> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void execute(ResourceEndpoint e, String password, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + e.port() + "/" + e.database(), e.user(), password)) {
      for (String s : statements) {
        c.createStatement().execute(s);
      }
    }
  }

  private static String query(ResourceEndpoint e, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + e.port() + "/" + e.database(), e.user(), e.password());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
