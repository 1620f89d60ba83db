package io.jrack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The DNS names of services and the links that use them, for runtimes whose services have the rack's DNS. */
class ServiceNamesTest {
  private static final RackInfo RACK = RackInfo.of("dev", "dev.localhost", 80, 443);
  private static final Manifest NODEDEMO = parse("""
      services:
        web:
          port: 3000
          links: [api, billing/invoices, tls, ghost/api]
        api:
          port: 3000
          internal: true
        tls:
          port: https:8443
        worker:
          command: sleep 1000
      """);
  private static final Manifest BILLING = parse("""
      services:
        invoices:
          port: 5000
      """);

  @Test
  void namesAndSearchDomains() {
    assertThat(ServiceNames.zone("dev")).isEqualTo("dev.local");
    assertThat(ServiceNames.host("dev", "nodedemo", "api")).isEqualTo("api.nodedemo.dev.local");
    assertThat(ServiceNames.searchDomains("dev", "nodedemo")).containsExactly("nodedemo.dev.local", "dev.local");
    assertThat(ServiceNames.endpoint("dev", "nodedemo", NODEDEMO.service("api").orElseThrow()).orElseThrow().url())
        .isEqualTo("http://api.nodedemo.dev.local:3000");
    assertThat(ServiceNames.endpoint("dev", "nodedemo", NODEDEMO.service("worker").orElseThrow())).isEmpty();
  }

  @Test
  void linksOverDnsNameTheServiceInItsAppWithItsPortAndScheme() {
    Endpoints endpoints = ServiceNames.overDns("dev", this::service, SeedTest.LOOPBACK);
    Resolution web = ServiceEnvironment.of(new DiscoveryContext(RACK, "nodedemo", NODEDEMO, Map.of(), "R1", endpoints),
        NODEDEMO.service("web").orElseThrow());

    assertThat(web.env()).containsEntry("API_URL", "http://api.nodedemo.dev.local:3000")
        .containsEntry("BILLING_INVOICES_URL", "http://invoices.billing.dev.local:5000")
        .containsEntry("TLS_URL", "https://tls.nodedemo.dev.local:8443")
        .doesNotContainKey("GHOST_API_URL");
    assertThat(web.problems()).singleElement().asString().startsWith("link ghost/api: no endpoint for service api of app ghost");
  }

  @Test
  void theAppsOwnUrlStillWins() {
    Endpoints endpoints = ServiceNames.overDns("dev", this::service, SeedTest.LOOPBACK);
    Resolution web = ServiceEnvironment.of(
        new DiscoveryContext(RACK, "nodedemo", NODEDEMO, Map.of("API_URL", "http://elsewhere:1"), "R1", endpoints),
        NODEDEMO.service("web").orElseThrow());
    assertThat(web.env()).containsEntry("API_URL", "http://elsewhere:1");
  }

  @Test
  void aNameThatIsNoDnsLabelIsRefusedSayingTheRule() {
    assertThatThrownBy(() -> ServiceNames.host("dev", "Node_Demo", "api"))
        .hasMessage("app name: \"Node_Demo\" (expected: a DNS label: lowercase letters, digits and dashes, starting with a letter, at most 63)");
    assertThatThrownBy(() -> ServiceNames.overDns("dev.x", this::service, Endpoints.NONE)).hasMessageStartingWith("rack name: \"dev.x\"");
  }

  private Optional<io.jrack.manifest.Service> service(String app, String service) {
    return switch (app) {
      case "nodedemo" -> NODEDEMO.service(service);
      case "billing" -> BILLING.service(service);
      default -> Optional.empty();
    };
  }

  private static Manifest parse(String yaml) {
    var result = ManifestParser.parse(yaml);
    return result.manifest().orElseThrow(() -> new IllegalStateException(result.errors().toString()));
  }
}
