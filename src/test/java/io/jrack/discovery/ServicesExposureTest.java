package io.jrack.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What {@code convox services} says, which hosts the public router and the internal router answer,
 * and which domains an app claims, for each way a service is exposed: public, internal,
 * {@code internalAndExternal} (Gen2: both, shown as Convox Gen2's CLI shows them) and
 * {@code internalRouter} (v3: the internal router only).
 */
class ServicesExposureTest {
  private static final RackInfo RACK = RackInfo.of("dev", "dev.localhost", 80, 443);
  private static final Manifest SHOP = ManifestParser.parse("""
      services:
        web:
          port: 3000
        both:
          port: 4000
          internalAndExternal: true
        hidden:
          port: 5000
          internal: true
      """).manifest().orElseThrow();
  private static final Manifest V3 = ManifestParser.parse("""
      services:
        api:
          port: 6000
          internalRouter: true
      """).manifest().orElseThrow();

  /** Internal endpoints as the process runtime gives them: loopback ports. */
  private static final Endpoints LOOPBACK = new Endpoints() {
    @Override
    public Optional<Endpoint> service(String app, String service) {
      return Optional.of(new Endpoint("http", "127.0.0.1", Map.of("both", 27301, "hidden", 27302, "api", 27303, "web", 27304).get(service)));
    }

    @Override
    public Optional<ResourceEndpoint> resource(String app, String resource) {
      return Optional.empty();
    }
  };

  private static DiscoveryContext ctx(Manifest m) {
    return new DiscoveryContext(RACK, "shop", m, Map.of(), "R1", LOOPBACK);
  }

  @Test
  void servicesShowsBothEndpointsOfAnInternalAndExternalServiceAsGen2Does() {
    assertThat(ServicesTable.rows(ctx(SHOP))).extracting(r -> r.name() + "|" + r.domain() + "|" + r.portsText()).containsExactly(
        "web|shop-web.dev.localhost|80:3000 443:3000",
        "both|127.0.0.1(internal), shop-both.dev.localhost(external)|27301:4000 80:4000 443:4000",
        "hidden|127.0.0.1|27302:5000");
  }

  @Test
  void servicesShowsTheInternalRouterNameOfAnInternalRouterService() {
    assertThat(ServicesTable.rows(ctx(V3))).extracting(r -> r.name() + "|" + r.domain() + "|" + r.portsText())
        .containsExactly("api|api.shop.dev.internal|80:6000 443:6000");
  }

  @Test
  void hostSetsOfThePublicAndTheInternalRouter() {
    var web = SHOP.service("web").orElseThrow();
    var both = SHOP.service("both").orElseThrow();
    var hidden = SHOP.service("hidden").orElseThrow();
    var api = V3.service("api").orElseThrow();
    assertThat(ServicesTable.publicHosts(ctx(SHOP), web)).containsExactly("shop-web.dev.localhost");
    assertThat(ServicesTable.publicHosts(ctx(SHOP), both)).containsExactly("shop-both.dev.localhost");
    assertThat(ServicesTable.publicHosts(ctx(SHOP), hidden)).isEmpty();
    assertThat(ServicesTable.publicHosts(ctx(V3), api)).as("v3: Services.External() excludes internalRouter").isEmpty();
    assertThat(ServicesTable.internalRouterHosts(ctx(V3), api)).containsExactly("api.shop.dev.internal");
    assertThat(ServicesTable.internalRouterHosts(ctx(SHOP), both)).isEmpty();
    assertThat(ServicesTable.internalRouterHosts(ctx(SHOP), web)).isEmpty();
  }

  @Test
  void onlyPubliclyServedServicesClaimDomains() {
    assertThat(DomainClaims.of("shop", SHOP, "dev.localhost")).extracting(DomainClaims.Claim::host)
        .containsExactly("shop-web.dev.localhost", "shop-both.dev.localhost");
    assertThat(DomainClaims.of("shop", V3, "dev.localhost")).isEmpty();
  }
}
