package io.jrack.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrack.rack.ResourceInfo;
import io.jrack.testing.RequiredServer;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redis, MariaDB (for {@code mysql}) and memcached resources, each where its server is installed. */
class OtherResourcesTest {

  static Path app(Path tmp, String name, String driverJar, String resources, String uses) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.copy(PostgresResourceTest.DB_APP.resolve("Db.java"), dir.resolve("Db.java"));
    Files.writeString(dir.resolve("convox.yml"), """
        resources:
        %s
        services:
          web:
            build: .
            port: 3000
            command: java -cp %s Db.java
            health: /health
            resources:
        %s
        """.formatted(resources.indent(2).stripTrailing(), driverJar, uses.indent(6).stripTrailing()));
    return dir;
  }

  static String get(TestRack rack, String app, String path) throws Exception {
    RawHttp.Response r = RawHttp.get(rack.http(), app + "-web.dev.localhost", path);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  static String jar(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void redisKeepsItsKeysAcrossACrashOfItsServer(@TempDir Path tmp) throws Exception {
    RequiredServer.assume(Installed.has("redis-server"), Installed.reason("redis-server", "redis-server"));
    Path src = app(tmp, "kv", ".", "redis:\n  type: redis\n  options:\n    version: 7", "- redis");
    Path rackDir = tmp.resolve("rack");
    try (TestRack rack = TestRack.start(rackDir)) {
      rack.client.appCreate("kv");
      rack.client.releasePromote("kv", rack.client.buildCreate("kv", SourceTar.of(src), null).release());
      String env = get(rack, "kv", "/env");
      ResourceInfo info = rack.client.resourceGet("kv", "redis");
      assertThat(info.url()).matches("redis://default:[A-Za-z0-9]{32}@127\\.0\\.0\\.1:\\d+/0");
      assertThat(env).contains("REDIS_URL=" + info.url() + "\n", "REDIS_HOST=127.0.0.1\n", "REDIS_USER=default\n", "REDIS_NAME=0\n");
      assertThat(get(rack, "kv", "/redis?set=kept")).startsWith("+OK");

      // A crash of the server: the rack notices, starts it again, and the key is still there.
      long pid = Long.parseLong(Files.readString(rackDir.resolve("pids/kv/resource-redis")).split(" ")[0]);
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        ResourceInfo after = rack.client.resourceGet("kv", "redis");
        assertThat(after.restarts()).isEqualTo(1);
        assertThat(after.status()).isEqualTo("running");
      });
      assertThat(get(rack, "kv", "/redis")).isEqualTo("$4\r\nkept\r\n");
      // The password is in a private config file, never on a command line anyone can read.
      long newPid = Long.parseLong(Files.readString(rackDir.resolve("pids/kv/resource-redis")).split(" ")[0]);
      String cmdline = Files.readString(Path.of("/proc/" + newPid + "/cmdline"));
      assertThat(cmdline).doesNotContain(info.url().substring(info.url().indexOf(':', 9) + 1, info.url().indexOf('@')));
    }
  }

  @Test
  void mysqlTypeRunsMariadbThatAServiceUsesOverJdbc(@TempDir Path tmp) throws Exception {
    RequiredServer.assume(Installed.has("mariadbd", "/usr/sbin") || Installed.has("mysqld", "/usr/sbin"), Installed.reason("mariadbd", "mariadb-server"));
    Path src = app(tmp, "shop", jar(org.mariadb.jdbc.Driver.class), "database:\n  type: mysql", "- database");
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("shop");
      rack.client.releasePromote("shop", rack.client.buildCreate("shop", SourceTar.of(src), null).release());
      assertThat(rack.client.resourceGet("shop", "database").url()).matches("mysql://app:[A-Za-z0-9]{32}@127\\.0\\.0\\.1:\\d+/app");
      assertThat(get(rack, "shop", "/put?v=one")).isEqualTo("one\n");
      rack.client.releasePromote("shop", rack.client.buildCreate("shop", SourceTar.of(src), null).release());
      assertThat(get(rack, "shop", "/put?v=two")).isEqualTo("one\ntwo\n");
    }
  }

  @Test
  void memcachedAnswersAtTheUrlTheServiceGets(@TempDir Path tmp) throws Exception {
    RequiredServer.assume(Installed.has("memcached"), Installed.reason("memcached", "memcached"));
    Path src = app(tmp, "mc", ".", "sessions:\n  type: memcached", "- sessions");
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("mc");
      rack.client.releasePromote("mc", rack.client.buildCreate("mc", SourceTar.of(src), null).release());
      String url = rack.client.resourceGet("mc", "sessions").url();
      assertThat(url).matches("memcached://127\\.0\\.0\\.1:\\d+");
      assertThat(get(rack, "mc", "/env")).contains("SESSIONS_URL=" + url + "\n");
      URI u = URI.create(url);
      try (Socket s = new Socket("127.0.0.1", u.getPort())) {
        s.getOutputStream().write("set k 0 0 2\r\nhi\r\nget k\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String reply = "";
        while (!reply.contains("END")) {
          byte[] buf = new byte[256];
          int n = in.read(buf);
          reply += new String(buf, 0, n, StandardCharsets.US_ASCII);
        }
        assertThat(reply).isEqualTo("STORED\r\nVALUE k 0 2\r\nhi\r\nEND\r\n");
      }
    }
  }
}
