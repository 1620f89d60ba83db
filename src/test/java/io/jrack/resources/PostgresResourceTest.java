package io.jrack.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.ProviderException;
import io.jrack.rack.ResourceInfo;
import io.jrack.testing.RequiredServer;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resources: database: type: postgres}: the rack runs a real PostgreSQL for the app, a
 * service reaches it through {@code DATABASE_URL} with JDBC, and the rows outlive redeploys and a
 * rack restart. An app env {@code DATABASE_URL} replaces the server.
 */
class PostgresResourceTest {
  static final Path DB_APP = Path.of("src/test/resources/apps/dbapp");

  /** The machine's PostgreSQL, else the one bundled with jrack (Linux x86-64). */
  @BeforeAll
  static void needsPostgres() {
    boolean bundled = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
        && java.util.Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    RequiredServer.assume(Installed.has("initdb") || bundled, Installed.reason("initdb", "postgresql"));
  }

  /** The app: one service, Db.java, run with the PostgreSQL JDBC driver from the test classpath. */
  static Path app(Path tmp, String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.copy(DB_APP.resolve("Db.java"), dir.resolve("Db.java"));
    Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.writeString(dir.resolve("convox.yml"), """
        resources:
          database:
            type: postgres
            options:
              storage: 10
        services:
          web:
            build: .
            port: 3000
            command: java -cp %s Db.java
            resources:
              - database
        """.formatted(driver));
    return dir;
  }

  static String deploy(TestRack rack, String app, Path dir) throws Exception {
    String release = rack.client.buildCreate(app, SourceTar.of(dir), null).release();
    rack.client.releasePromote(app, release);
    return release;
  }

  static String get(TestRack rack, String app, String path) throws Exception {
    RawHttp.Response r = RawHttp.get(rack.http(), app + "-web.dev.localhost", path);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void aServiceRoundTripsRowsThatOutliveRedeploysAndRackRestarts(@TempDir Path tmp) throws Exception {
    Path src = app(tmp, "notes");
    Path rackDir = tmp.resolve("rack");
    String url;
    try (TestRack rack = TestRack.start(rackDir)) {
      rack.client.appCreate("notes");
      deploy(rack, "notes", src);
      assertThat(get(rack, "notes", "/put?v=first")).isEqualTo("first\n");

      ResourceInfo info = rack.client.resourceGet("notes", "database");
      url = info.url();
      assertThat(url).matches("postgres://app:[A-Za-z0-9]{32}@127\\.0\\.0\\.1:\\d+/app");
      assertThat(info.status()).isEqualTo("running");
      assertThat(info.version()).matches("\\d+\\.\\d+");
      assertThat(info.maskedUrl()).isEqualTo(url.replaceFirst(":[A-Za-z0-9]{32}@", ":****@"));

      deploy(rack, "notes", src);
      assertThat(get(rack, "notes", "/put?v=second")).isEqualTo("first\nsecond\n");
      assertThat(rack.client.resourceGet("notes", "database").url()).isEqualTo(url);
    }
    try (TestRack rack = TestRack.start(rackDir)) {
      assertThat(get(rack, "notes", "/rows")).isEqualTo("first\nsecond\n");
      assertThat(rack.client.resourceGet("notes", "database").url()).isEqualTo(url);

      String password = url.substring(url.indexOf(':', 12) + 1, url.indexOf('@'));
      assertThat(Files.readString(rackDir.resolve("logs/notes.log"))).contains("resource/database").doesNotContain(password);
      Path data = rackDir.resolve("resources/notes/database.postgres/data");
      assertThat(data.resolve("PG_VERSION")).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");

      assertThatThrownBy(() -> rack.client.appDelete("notes"))
          .isInstanceOf(ProviderException.class).hasMessageContaining("--delete-resources").hasMessageContaining("database (postgres)");
      assertThat(data).exists();
      rack.client.appDelete("notes", true);
      assertThat(rackDir.resolve("resources/notes")).doesNotExist();
    }
  }

  @Test
  void aResourceLeftOutStopsAndComesBackWithItsData(@TempDir Path tmp) throws Exception {
    Path src = app(tmp, "notes");
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("notes");
      deploy(rack, "notes", src);
      get(rack, "notes", "/put?v=kept");
      java.net.URI url = java.net.URI.create(rack.client.resourceGet("notes", "database").url());

      Path bare = Files.createDirectories(tmp.resolve("bare"));
      Files.writeString(bare.resolve("convox.yml"), "services:\n  web:\n    build: .\n    port: 3000\n    command: java Db.java\n    health: /health\n");
      Files.copy(DB_APP.resolve("Db.java"), bare.resolve("Db.java"));
      deploy(rack, "notes", bare);
      assertThat(rack.client.resourceList("notes")).isEmpty();
      assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", url.getPort()).close()).isInstanceOf(java.io.IOException.class);

      deploy(rack, "notes", src);
      assertThat(get(rack, "notes", "/rows")).isEqualTo("kept\n");
      assertThat(rack.client.resourceGet("notes", "database").url()).isEqualTo(url.toString());
    }
  }

  @Test
  void anAppUrlReplacesTheServer(@TempDir Path tmp) throws Exception {
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("first");
      deploy(rack, "first", app(tmp, "first"));
      get(rack, "first", "/put?v=shared");
      String url = rack.client.resourceGet("first", "database").url();

      rack.client.appCreate("second");
      rack.client.envSet("second", Map.of("DATABASE_URL", url), false);
      deploy(rack, "second", app(tmp, "second"));
      assertThat(get(rack, "second", "/rows")).isEqualTo("shared\n");
      ResourceInfo second = rack.client.resourceGet("second", "database");
      assertThat(second.status()).isEqualTo("external");
      assertThat(second.url()).isEqualTo(url);
      assertThat(tmp.resolve("rack/resources/second")).doesNotExist();
    }
  }
}
