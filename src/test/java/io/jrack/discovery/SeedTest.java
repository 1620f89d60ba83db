package io.jrack.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.manifest.Diagnostic;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The service-discovery page's examples, end to end through manifest and discovery. */
class SeedTest {
  private static final RackInfo RACK = RackInfo.of("dev", "dev.localhost", 80, 443);

  /** Endpoints as a runtime would give them: one loopback address per service and resource. */
  static final Endpoints LOOPBACK =
      new Endpoints() {
        @Override
        public Optional<Endpoint> service(String app, String service) {
          return Optional.of(new Endpoint("http", "127.0.0." + (service.length() + 1), 3000));
        }

        @Override
        public Optional<ResourceEndpoint> resource(String app, String resource) {
          return Optional.of(new ResourceEndpoint("postgres", "127.0.0.1", 5432, "app", "s3cret", app));
        }
      };

  @Test
  void secondSnippetVerbatimFailsOnceNamingTheUndeclaredDatabase() {
    ParseResult result = ManifestParser.parse(Seed.INTERNAL);
    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).hasSize(1);
    Diagnostic error = result.errors().get(0);
    assertThat(error.position().line()).isEqualTo(6);
    assertThat(error.position().column()).isEqualTo(9);
    assertThat(error.message()).contains("database").contains("declare it at the top level").contains("resources:");
    assertThat(error.toString()).startsWith("convox.yml:6:9: ");
  }

  @Test
  void withTheResourceDeclaredWebGetsApiUrlAndDatabaseUrl() {
    Manifest m = ManifestParser.parse(Seed.DATABASE + Seed.INTERNAL).manifest().orElseThrow();
    DiscoveryContext ctx = new DiscoveryContext(RACK, "nodedemo", m, Map.of(), "RABCDEF", LOOPBACK);
    Resolution web = ServiceEnvironment.of(ctx, m.service("web").orElseThrow());
    assertThat(web.complete()).isTrue();
    assertThat(web.env())
        .containsEntry("API_URL", "http://127.0.0.4:3000")
        .containsEntry("DATABASE_URL", "postgres://app:s3cret@127.0.0.1:5432/nodedemo")
        .containsEntry("DATABASE_HOST", "127.0.0.1")
        .containsEntry("DATABASE_PORT", "5432")
        .containsEntry("DATABASE_USER", "app")
        .containsEntry("DATABASE_PASS", "s3cret")
        .containsEntry("DATABASE_NAME", "nodedemo")
        .containsEntry("PORT", "3000")
        .containsEntry("APP", "nodedemo")
        .containsEntry("RACK", "dev")
        .containsEntry("SERVICE", "web")
        .containsEntry("RELEASE", "RABCDEF");
    Resolution api = ServiceEnvironment.of(ctx, m.service("api").orElseThrow());
    assertThat(api.env()).doesNotContainKeys("WEB_URL", "DATABASE_URL", "API_URL");
  }

  @Test
  void firstSnippetServicesTableMatchesThePage() {
    Manifest m = ManifestParser.parse(Seed.DATABASE + Seed.LINKS).manifest().orElseThrow();
    DiscoveryContext ctx = new DiscoveryContext(RACK, "nodedemo", m, Map.of(), null, LOOPBACK);
    assertThat(ServicesTable.rows(ctx))
        .containsExactly(
            new ServiceRow("web", "nodedemo-web.dev.localhost", java.util.List.of(new ServiceRow.Port(80, 3000), new ServiceRow.Port(443, 3000))),
            new ServiceRow("api", "nodedemo-api.dev.localhost", java.util.List.of(new ServiceRow.Port(80, 3000), new ServiceRow.Port(443, 3000))));
    assertThat(ServicesTable.rows(ctx).get(0).portsText()).isEqualTo("80:3000 443:3000");
  }

  @Test
  void internalServiceShowsItsInternalEndpoint() {
    Manifest m = ManifestParser.parse(Seed.DATABASE + Seed.INTERNAL).manifest().orElseThrow();
    DiscoveryContext ctx = new DiscoveryContext(RACK, "nodedemo", m, Map.of(), null, LOOPBACK);
    ServiceRow api = ServicesTable.rows(ctx).get(1);
    assertThat(api.domain()).isEqualTo("127.0.0.4");
    assertThat(api.portsText()).isEqualTo("3000:3000");
  }
}
