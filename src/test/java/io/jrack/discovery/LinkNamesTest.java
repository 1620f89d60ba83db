package io.jrack.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.manifest.Link;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import io.jrack.manifest.Position;
import io.jrack.manifest.ResourceRef;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How link and resource names become variables, and which links are allowed. */
class LinkNamesTest {
  private static final RackInfo RACK = RackInfo.of("dev", "dev.localhost", 80, 443);

  @ParameterizedTest
  @CsvSource({"api,API_URL", "my-api,MY_API_URL", "billing/api,BILLING_API_URL", "other-app/my-svc,OTHER_APP_MY_SVC_URL", "a1,A1_URL"})
  void linkVariable(String link, String variable) {
    assertThat(Link.parse(link, Position.UNKNOWN).variable()).isEqualTo(variable);
  }

  @Test
  void resourceAliasRenamesTheVariable() {
    ResourceRef alias = ResourceRef.parse("postgresdb:DB_URL", Position.UNKNOWN);
    assertThat(alias.name()).isEqualTo("postgresdb");
    assertThat(alias.variable()).isEqualTo("DB_URL");
    assertThat(alias.prefix()).isEqualTo("DB");
    assertThat(ResourceRef.parse("my-cache", Position.UNKNOWN).variable()).isEqualTo("MY_CACHE_URL");
  }

  @Test
  void cyclesAreAllowed() {
    ParseResult r = ManifestParser.parse("services:\n  web:\n    port: 1\n    links: [api]\n  api:\n    port: 2\n    links: [web]\n");
    assertThat(r.errors()).isEmpty();
    Manifest m = r.manifest().orElseThrow();
    DiscoveryContext ctx = new DiscoveryContext(RACK, "app", m, Map.of(), null, SeedTest.LOOPBACK);
    assertThat(ServiceEnvironment.of(ctx, m.service("web").orElseThrow()).env()).containsKey("API_URL");
    assertThat(ServiceEnvironment.of(ctx, m.service("api").orElseThrow()).env()).containsKey("WEB_URL");
  }

  @Test
  void selfLinkIsRejected() {
    ParseResult r = ManifestParser.parse("services:\n  web:\n    port: 1\n    links:\n      - web\n");
    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.message()).contains("\"web\"").contains("can not link to itself");
      assertThat(d.position().line()).isEqualTo(5);
      assertThat(d.position().column()).isEqualTo(9);
    });
  }

  @Test
  void linkToUnknownServiceSuggestsTheClosest() {
    ParseResult r = ManifestParser.parse("services:\n  web:\n    port: 1\n    links: [apii]\n  api:\n    port: 2\n");
    assertThat(r.errors()).singleElement().extracting(d -> d.message())
        .asString().contains("\"apii\" is not a service of this app").contains("did you mean \"api\"").contains("expected: one of api");
  }

  @Test
  void linkToServiceWithoutPortIsRejected() {
    ParseResult r = ManifestParser.parse("services:\n  web:\n    port: 1\n    links: [worker]\n  worker:\n    command: work\n");
    assertThat(r.errors()).singleElement().extracting(d -> d.message()).asString().contains("\"worker\" has no port");
  }

  @Test
  void crossAppLinkIsAcceptedAndResolvedThroughEndpoints() {
    Manifest m = ManifestParser.parse("services:\n  web:\n    port: 1\n    links: [billing/api]\n").manifest().orElseThrow();
    Endpoints billingOnly = new Endpoints() {
      @Override
      public Optional<Endpoint> service(String app, String service) {
        return app.equals("billing") && service.equals("api") ? Optional.of(new Endpoint("http", "127.0.0.9", 8000)) : Optional.empty();
      }

      @Override
      public Optional<ResourceEndpoint> resource(String app, String resource) {
        return Optional.empty();
      }
    };
    DiscoveryContext ctx = new DiscoveryContext(RACK, "shop", m, Map.of(), null, billingOnly);
    assertThat(ServiceEnvironment.of(ctx, m.service("web").orElseThrow()).env()).containsEntry("BILLING_API_URL", "http://127.0.0.9:8000");
    DiscoveryContext none = new DiscoveryContext(RACK, "shop", m, Map.of(), null, Endpoints.NONE);
    assertThat(ServiceEnvironment.of(none, m.service("web").orElseThrow()).problems()).singleElement().asString().contains("link billing/api");
  }

  @Test
  void onlyDeclaredLinksAreInjected() {
    Manifest m = ManifestParser.parse("services:\n  a:\n    port: 1\n    links: [b]\n  b:\n    port: 2\n  c:\n    port: 3\n").manifest().orElseThrow();
    DiscoveryContext ctx = new DiscoveryContext(RACK, "x", m, Map.of(), null, SeedTest.LOOPBACK);
    assertThat(ServiceEnvironment.of(ctx, m.service("a").orElseThrow()).env().keySet()).filteredOn(k -> k.endsWith("_URL")).containsExactly("B_URL");
  }
}
