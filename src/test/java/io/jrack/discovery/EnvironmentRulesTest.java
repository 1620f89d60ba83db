package io.jrack.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Convox's environment rules as discovery applies them. */
class EnvironmentRulesTest {
  private static final RackInfo RACK = RackInfo.of("dev", "dev.localhost", 80, 443);

  private static Resolution env(String yaml, String service, Map<String, String> appEnv) {
    Manifest m = ManifestParser.builder().env(appEnv).build().parseText(yaml).manifest().orElseThrow();
    return ServiceEnvironment.of(new DiscoveryContext(RACK, "app", m, appEnv, "R1", SeedTest.LOOPBACK), m.service(service).orElseThrow());
  }

  @Test
  void requiredDefaultAndWildcard() {
    String yaml = "environment:\n  - GLOBAL=g\n  - SHARED=top\nservices:\n  web:\n    environment:\n      - NEED\n      - SHARED=svc\n      - OPT=default\n";
    Resolution r = env(yaml, "web", Map.of("NEED", "x", "OPT", "app", "OTHER", "o"));
    assertThat(r.complete()).isTrue();
    assertThat(r.env()).containsEntry("NEED", "x").containsEntry("OPT", "app").containsEntry("SHARED", "svc").containsEntry("GLOBAL", "g").doesNotContainKey("OTHER");
    Resolution all = env("services:\n  web:\n    environment:\n      - \"*\"\n", "web", Map.of("A", "1", "B", "2"));
    assertThat(all.env()).containsEntry("A", "1").containsEntry("B", "2");
  }

  @Test
  void missingRequiredAreSortedInOneProblem() {
    Resolution r = env("environment:\n  - ZED\nservices:\n  web:\n    environment:\n      - ALPHA\n      - MID=ok\n", "web", Map.of());
    assertThat(r.problems()).containsExactly("required env: ALPHA, ZED");
  }

  @Test
  void appUrlOverridesResourceAndItsPartsFollow() {
    String yaml = "resources:\n  database:\n    type: postgres\nservices:\n  web:\n    resources: [database]\n";
    Resolution r = env(yaml, "web", Map.of("DATABASE_URL", "postgres://u:p%40ss@db.example:6543/prod"));
    assertThat(r.env())
        .containsEntry("DATABASE_URL", "postgres://u:p%40ss@db.example:6543/prod")
        .containsEntry("DATABASE_HOST", "db.example")
        .containsEntry("DATABASE_PORT", "6543")
        .containsEntry("DATABASE_USER", "u")
        .containsEntry("DATABASE_PASS", "p@ss")
        .containsEntry("DATABASE_NAME", "prod");
  }

  @Test
  void rackVariablesCannotBeOverriddenByTheApp() {
    Resolution r = env("services:\n  web:\n    port: 3000\n    environment:\n      - \"*\"\n", "web", Map.of("PORT", "1", "APP", "evil"));
    assertThat(r.env()).containsEntry("PORT", "3000").containsEntry("APP", "app");
  }

  @Test
  void passwordIsMaskedInToString() {
    ResourceEndpoint e = new ResourceEndpoint("redis", "127.0.0.1", 6379, "u", "topsecret", null);
    assertThat(e.url()).contains("topsecret");
    assertThat(e.toString()).doesNotContain("topsecret");
  }
}
