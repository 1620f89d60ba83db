package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.Build;
import io.jrack.rack.ProviderException;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names and values a rack turns into environments, directories and host names, refused where they
 * enter with the value and the rule, against a real rack through its API (issue 14, item 8).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamesAndValuesTest {
  TestRack rack;
  Path root;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    root = dir;
    rack = TestRack.start(dir.resolve("rack"));
  }

  @AfterAll
  void stop() {
    rack.close();
  }

  @Test
  void controlCharactersInEnvValuesAreRefusedAtEnvSet() {
    rack.client.appCreate("values");
    assertThatThrownBy(() -> rack.client.envSet("values", Map.of("GREETING", "hello\0world"), false))
        .isInstanceOf(ProviderException.class)
        .hasMessage("env GREETING: value has a NUL byte at 5 (one line, no control characters other than tab: multi-line values are set encoded, e.g. base64)");
    assertThatThrownBy(() -> rack.client.envSet("values", Map.of("COLOR", "\u001b[31mred"), false))
        .hasMessage("env COLOR: value has control character U+001B at 0 (one line, no control characters other than tab: multi-line values are set encoded, e.g. base64)");
    assertThat(rack.client.envGet("values")).isEmpty();

    // Convox's env travels as KEY=value lines: a line break would make the rest of a value a key.
    String pem = "-----BEGIN CERTIFICATE-----\r\nMIIB\tAA==\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> rack.client.envSet("values", Map.of("TLS_CERT", pem), false))
        .hasMessage("env TLS_CERT: value has a carriage return at 27 (one line, no control characters other than tab: multi-line values are set encoded, e.g. base64)");
    String encoded = java.util.Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    rack.client.envSet("values", Map.of("TLS_CERT", encoded, "TABBED", "a\tb"), false);
    assertThat(rack.client.envGet("values")).containsEntry("TLS_CERT", encoded).containsEntry("TABBED", "a\tb");
  }

  @Test
  void theRackRefusesEnvLinesThatAreNotKeyValue() throws Exception {
    rack.client.appCreate("lines");
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create(rack.server.apiUrl() + "/apps/lines/releases"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("convox:" + io.jrack.testing.TestRack.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("env=" + java.net.URLEncoder.encode("A=1\nMIIB\n=2", java.nio.charset.StandardCharsets.UTF_8)))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("env line 2: \\\"MIIB\\\" (expected: KEY=value)");
    assertThat(rack.client.envGet("lines")).isEmpty();
  }

  @Test
  void envNamesAreShellNames() {
    rack.client.appCreate("keys");
    for (String bad : new String[] {"A.B", "1X", "A-B", "A B", "A\0B", ""}) {
      assertThatThrownBy(() -> rack.client.envSet("keys", Map.of(bad, "1"), false)).as(bad)
          .isInstanceOf(ProviderException.class).hasMessageStartingWith("invalid env name: \"")
          .hasMessageEndingWith("(expected: letters, digits and _, not starting with a digit)");
    }
    rack.client.envSet("keys", Map.of("_OK_1", "1"), false);
    assertThat(rack.client.envGet("keys")).containsOnlyKeys("_OK_1");
  }

  @Test
  void appNamesAreDnsLabels() {
    for (String bad : new String[] {"shop-", "../x", "a".repeat(31), "Shop", "1shop", "sh_op"}) {
      assertThatThrownBy(() -> rack.client.appCreate(bad)).as(bad)
          .isInstanceOf(ProviderException.class).hasMessageStartingWith("invalid app name: \"")
          .hasMessageEndingWith("(expected: a lowercase letter, then lowercase letters, digits or dashes, not ending with a dash, at most 30)");
    }
    assertThat(rack.client.appCreate("a".repeat(30)).name()).hasSize(30);
  }

  @Test
  void aResourceNamedLikeAPathFailsTheBuildAndTouchesNothingOutsideTheRack() throws Exception {
    rack.client.appCreate("escape");
    Path src = Files.createDirectories(root.resolve("escape-src"));
    // Gen2 (no v3-only keys): once the dialect that let any resource name through.
    Files.writeString(src.resolve("convox.yml"), "resources:\n  ../../../../outside:\n    type: postgres\n"
        + "services:\n  web:\n    command: sleep 60\n    resources:\n      - ../../../../outside\n");
    Build b = rack.client.buildCreate("escape", SourceTar.of(src), "escape");
    assertThat(b.status()).isEqualTo("failed");
    assertThat(b.logs()).contains("resource name ../../../../outside invalid, must contain only lowercase alphanumeric, dashes and underscores");
    try (Stream<Path> all = Files.walk(root)) {
      assertThat(all.filter(p -> p.getFileName().toString().startsWith("outside"))).isEmpty();
    }

    Files.writeString(src.resolve("convox.yml"), "services:\n  " + "s".repeat(300) + ":\n    command: sleep 60\n");
    Build longName = rack.client.buildCreate("escape", SourceTar.of(src), "long");
    assertThat(longName.status()).isEqualTo("failed");
    assertThat(longName.logs()).contains("invalid, must be at most 63 characters (a DNS label; got 300)");
  }
}
