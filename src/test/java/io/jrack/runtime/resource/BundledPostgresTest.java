package io.jrack.runtime.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ResourceKind;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.resource.ServerRecipe.Installation;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL jrack ships for machines without one: unpacked from the jar once, set up, served,
 * and used over JDBC with the credentials the rack gave it; a second lookup reuses the unpacked tree.
 */
class BundledPostgresTest {

  @Test
  void unpacksOnceAndServesWithTheAssignedCredentials(@TempDir Path tmp) throws Exception {
    assumeTrue(BundledPostgres.available(), "the bundled PostgreSQL runs on Linux x86-64 only");
    PostgresRecipe recipe = new PostgresRecipe(PostgresRecipe.Source.BUNDLED);
    Installation install = recipe.find(tmp.resolve(".bin"));
    assertThat(install.version()).startsWith("17.");
    assertThat(install.binDir()).startsWith(tmp.resolve(".bin"));
    long unpackedAt = Files.getLastModifiedTime(tmp.resolve(".bin/postgres/unpacked")).toMillis();
    assertThat(recipe.find(tmp.resolve(".bin")).binDir()).isEqualTo(install.binDir());
    assertThat(Files.getLastModifiedTime(tmp.resolve(".bin/postgres/unpacked")).toMillis()).isEqualTo(unpackedAt);

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ResourceEndpoint endpoint = ResourceKind.POSTGRES.at("127.0.0.1", port, "pw" + System.nanoTime());
    Path dir = Files.createDirectories(tmp.resolve("app/database.postgres"));
    recipe.initialise(install, dir, endpoint, tmp.resolve(".shared"));
    // Set up as a copy of the rack's template cluster for this installation, made on first use.
    try (var templates = Files.list(tmp.resolve(".shared/template"))) {
      assertThat(templates.toList()).singleElement().satisfies(t -> assertThat(t.resolve("data/PG_VERSION")).exists());
    }
    List<String> lines = new CopyOnWriteArrayList<>();
    ResourceServer server = new ResourceServer("app", "database", recipe, install, dir, endpoint,
        (app, source, text) -> lines.add(source + " " + text), new PidFiles(tmp.resolve("pids")));
    server.start();
    try {
      assertThat(server.awaitReady(Duration.ofSeconds(60))).isNull();
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/app", "app", endpoint.password())) {
        c.createStatement().execute("CREATE TABLE t (v text)");
        c.createStatement().execute("INSERT INTO t VALUES ('bundled')");
        try (ResultSet rs = c.createStatement().executeQuery("SELECT v, current_setting('server_version') FROM t")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("bundled");
          assertThat(rs.getString(2)).startsWith("17.");
        }
      }
      assertThat(lines).anyMatch(l -> l.startsWith("resource/database ") && l.contains("ready to accept connections"));
      assertThat(String.join("\n", lines)).doesNotContain(endpoint.password());
    } finally {
      server.stop();
    }
    assertThat(server.status()).isEqualTo(ResourceServer.Status.STOPPED);
  }
}
