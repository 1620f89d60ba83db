package io.jrack.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.discovery.DomainClaims.Claim;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which app may serve which host: default domains that collide and custom domains already served. */
class DomainClaimsTest {
  static final String HOST = "dev.localhost";

  static Manifest manifest(String yaml) {
    return ManifestParser.parse(yaml).manifest().orElseThrow();
  }

  static List<Claim> claims(String app, String yaml) {
    return DomainClaims.of(app, manifest(yaml), HOST);
  }

  @Test
  void publicServicesClaimTheirDefaultAndCustomDomainsLowerCased() {
    List<Claim> c = claims("shop", "services:\n  web:\n    port: 3000\n    domain: Shop.Example.com.,www.example.com\n"
        + "  api:\n    port: 3000\n    internal: true\n  worker:\n    command: work\n");
    assertThat(c).containsExactly(
        new Claim("shop-web.dev.localhost", "shop", "web", false),
        new Claim("shop.example.com", "shop", "web", true),
        new Claim("www.example.com", "shop", "web", true));
  }

  @Test
  void aDefaultDomainAnotherAppAlreadyServesIsRefused() {
    List<Claim> shop = claims("shop", "services:\n  api-web:\n    port: 3000\n");
    List<Claim> shopApi = claims("shop-api", "services:\n  web:\n    port: 3000\n  admin:\n    port: 3000\n");
    assertThat(DomainClaims.conflicts(shopApi, shop)).containsExactly(
        "app shop-api: its service web would be shop-api-web.dev.localhost, already the domain of app shop service api-web");
    assertThat(DomainClaims.conflicts(shop, shopApi)).containsExactly(
        "app shop: its service api-web would be shop-api-web.dev.localhost, already the domain of app shop-api service web");
  }

  @Test
  void aCustomDomainAnotherAppServesIsRefused() {
    List<Claim> b = claims("b", "services:\n  web:\n    port: 3000\n    domain: shop.example.com\n");
    List<Claim> a = claims("a", "services:\n  web:\n    port: 3000\n    domain: SHOP.example.com\n");
    assertThat(DomainClaims.conflicts(a, b)).containsExactly("domain shop.example.com: already served by app b");
    // Another app's default domain, taken as a custom one, is refused the same way.
    List<Claim> c = claims("c", "services:\n  web:\n    port: 3000\n    domain: b-web.dev.localhost\n");
    assertThat(DomainClaims.conflicts(c, b)).containsExactly("domain b-web.dev.localhost: already served by app b");
  }

  @Test
  void anAppsOwnClaimsNeverConflictWithThemselvesButTwoServicesCanNotShareADomain() {
    List<Claim> before = claims("a", "services:\n  web:\n    port: 3000\n    domain: a.example.com\n");
    List<Claim> after = claims("a", "services:\n  web:\n    port: 3000\n    domain: a.example.com,a-web.dev.localhost\n");
    assertThat(DomainClaims.conflicts(after, before)).isEmpty();
    List<Claim> shared = claims("a", "services:\n  web:\n    port: 3000\n    domain: a.example.com\n  api:\n    port: 3000\n    domain: a.example.com\n");
    assertThat(DomainClaims.conflicts(shared, List.of()))
        .containsExactly("domain a.example.com: claimed by both services web and api (expected: one service per domain)");
  }

  @Test
  void distinctNamesDoNotConflict() {
    List<Claim> shop = claims("shop", "services:\n  web:\n    port: 3000\n  api:\n    port: 3000\n");
    List<Claim> shopApi = claims("shop-api", "services:\n  web:\n    port: 3000\n");
    assertThat(DomainClaims.conflicts(shopApi, shop)).isEmpty();
    assertThat(DomainClaims.conflicts(shop, shopApi)).isEmpty();
    assertThat(DomainClaims.nameConflicts("shop-api", HOST, shop)).isEmpty();
  }

  @Test
  void aNewAppNameWhoseServiceWouldTakeAServedDomainIsRefused() {
    List<Claim> shop = claims("shop", "services:\n  api-web:\n    port: 3000\n    domain: shop-api-admin.dev.localhost,x.shop-api-y.dev.localhost\n");
    assertThat(DomainClaims.nameConflicts("shop-api", HOST, shop)).containsExactly(
        "app shop-api: its service web would be shop-api-web.dev.localhost, already the domain of app shop service api-web",
        "app shop-api: its service admin would be shop-api-admin.dev.localhost, already the domain of app shop service api-web");
    assertThat(DomainClaims.nameConflicts("shop", HOST, shop)).isEmpty();
    assertThat(DomainClaims.nameConflicts("sho", HOST, shop)).isEmpty();
  }
}
