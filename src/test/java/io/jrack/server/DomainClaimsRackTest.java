package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.Build;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One app can not take a host another app serves: not by a default domain that collides ({@code
 * shop-api} + {@code web} and {@code shop} + {@code api-web}), not by a custom {@code domain:}.
 * Two apps on one real rack; the one that asks second is refused and the first keeps serving.
 */
class DomainClaimsRackTest {
  @TempDir Path dir;

  private Release deploy(TestRack rack, String app, String manifest) throws Exception {
    Build b = build(rack, app, manifest);
    return rack.client.releasePromote(app, b.release());
  }

  private Build build(TestRack rack, String app, String manifest) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src-" + app + "-" + System.nanoTime()));
    Files.copy(Path.of("examples/nodedemo/Api.java"), src.resolve("Api.java"));
    Files.writeString(src.resolve("convox.yml"), manifest);
    Build b = rack.client.buildCreate(app, SourceTar.of(src), app);
    assertThat(b.status()).as(b.logs()).isEqualTo("complete");
    return b;
  }

  private static String service(String name, String domain) {
    return "services:\n  " + name + ":\n    build: .\n    port: 3000\n    command: java Api.java\n" + (domain == null ? "" : "    domain: " + domain + "\n");
  }

  @Test
  void collidingDefaultDomainsAreRefusedAtCreateAndAtPromote() throws Exception {
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      rack.client.appCreate("shop-api"); // before shop serves anything: nothing to collide with yet
      rack.client.appCreate("shop");
      Release shop = deploy(rack, "shop", service("api-web", null));
      assertThat(RawHttp.get(rack.http(), "shop-api-web.dev.localhost", "/").body()).contains(shop.id());

      // At promote: shop-api's service web would be the host shop serves.
      Build web = build(rack, "shop-api", service("web", null));
      assertThatThrownBy(() -> rack.client.releasePromote("shop-api", web.release()))
          .isInstanceOf(ProviderException.class)
          .hasMessage("app shop-api: its service web would be shop-api-web.dev.localhost, already the domain of app shop service api-web");
      assertThat(rack.client.releaseGet("shop-api", web.release()).status()).isEqualTo("failed");
      assertThat(rack.client.appGet("shop-api").release()).isNull();
      assertThat(rack.client.processList("shop-api")).isEmpty();
      assertThat(RawHttp.get(rack.http(), "shop-api-web.dev.localhost", "/").body()).contains(shop.id());

      // At create: a new app whose service would take the same host is refused by name.
      rack.client.appDelete("shop-api", false);
      assertThatThrownBy(() -> rack.client.appCreate("shop-api"))
          .isInstanceOf(ProviderException.class)
          .hasMessage("app shop-api: its service web would be shop-api-web.dev.localhost, already the domain of app shop service api-web");

      // Other names, and other services of the same apps, are as before.
      rack.client.appCreate("shop-apis");
      Release second = deploy(rack, "shop", service("api-web", null));
      assertThat(RawHttp.get(rack.http(), "shop-api-web.dev.localhost", "/").body()).contains(second.id());
    }
  }

  @Test
  void aCustomDomainAnotherAppServesIsRefusedAtPromote() throws Exception {
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      rack.client.appCreate("b");
      rack.client.appCreate("a");
      Release b = deploy(rack, "b", service("web", "shop.example.com"));
      assertThat(RawHttp.get(rack.http(), "shop.example.com", "/").body()).contains(b.id());

      Build a = build(rack, "a", service("web", "Shop.Example.com"));
      assertThatThrownBy(() -> rack.client.releasePromote("a", a.release()))
          .isInstanceOf(ProviderException.class).hasMessage("domain shop.example.com: already served by app b");
      assertThat(rack.client.releaseGet("a", a.release()).status()).isEqualTo("failed");
      assertThat(RawHttp.get(rack.http(), "shop.example.com", "/").body()).contains(b.id());

      // Once b no longer serves it, a may.
      deploy(rack, "b", service("web", null));
      Release taken = deploy(rack, "a", service("web", "shop.example.com"));
      assertThat(RawHttp.get(rack.http(), "shop.example.com", "/").body()).contains(taken.id());
    }
  }
}
