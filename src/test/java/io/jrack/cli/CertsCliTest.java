package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.testing.SelfSignedCerts;
import io.jrack.testing.TestRack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convox certs} and {@code convox ssl} of our CLI against a real rack, in Convox's words. */
class CertsCliTest {
  record Run(int code, String out, String err) {}

  private static Run run(TestRack rack, Path home, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(Map.of("RACK_URL", rack.rackUrl(), "JRACK_HOME", home.toString()), new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void certsListImportGenerateDeleteAsConvoxPrintsThem(@TempDir Path dir) throws Exception {
    SelfSignedCerts.Pem shop = SelfSignedCerts.selfSigned("shop.example.test", List.of("shop.example.test"), Instant.now().plus(Duration.ofDays(400)));
    Path pub = Files.writeString(dir.resolve("shop.pem"), shop.cert());
    Path key = Files.writeString(dir.resolve("shop.key"), shop.key());
    Path home = Files.createDirectories(dir.resolve("home"));
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      assertThat(run(rack, home, "certs").out()).isEqualTo("ID  DOMAIN  EXPIRES\n");
      Run imported = run(rack, home, "certs", "import", pub.toString(), key.toString());
      assertThat(imported.code()).as(imported.err()).isZero();
      assertThat(imported.out()).matches("Importing certificate\\.\\.\\. OK, cert-[0-9a-f]{12}\n");
      String id = imported.out().substring(imported.out().indexOf("cert-")).strip();
      Run generated = run(rack, home, "certs", "generate", "--id", "web.app.dev.localhost", "*.app.dev.localhost");
      assertThat(generated.out()).as("--id: the id alone on stdout").matches("cert-[0-9a-f]{12}");
      assertThat(generated.err()).isEqualTo("Generating certificate... OK, " + generated.out() + "\n");
      assertThat(run(rack, home, "certs").out()).isEqualTo(
          "ID                 DOMAIN                 EXPIRES\n"
          + id + "  shop.example.test      1 year from now\n"
          + generated.out() + "  web.app.dev.localhost  2 months from now\n");
      Run refused = run(rack, home, "certs", "generate", "shop.example.com");
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("ERROR: domain: \"shop.example.com\" (expected: a name the rack's CA may sign: dev.localhost, localhost");
      Run badKey = run(rack, home, "certs", "import", pub.toString(), pub.toString());
      assertThat(badKey.err()).contains("ERROR: key: a certificate (expected: an unencrypted PEM private key");
      assertThat(run(rack, home, "certs", "import", dir.resolve("nosuch.pem").toString(), key.toString()).err())
          .contains("ERROR: cannot read " + dir.resolve("nosuch.pem"));
      assertThat(run(rack, home, "certs", "delete", id).out()).isEqualTo("Deleting certificate " + id + "... OK\n");
      assertThat(run(rack, home, "ssl", "update", "-a", "x", "web", id).err()).contains("ERROR: \"web\" (expected: SERVICE:PORT, like web:443)");
      assertThat(run(rack, home, "ssl", "update", "-a", "nosuchapp", "web:443", id).err()).contains("ERROR: no such app: nosuchapp");
      assertThat(run(rack, home, "ssl", "-a", "nosuchapp").err()).contains("ERROR: no such app: nosuchapp");
    }
  }
}
