package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.Build;
import io.jrack.rack.ProviderException;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code links: [billing/api]}: resolved at promote time to the other app's stable endpoint. */
class CrossAppLinkTest {

  @Test
  void linkToAnotherAppsServiceResolvesAndStaysStable(@TempDir Path tmp) throws Exception {
    Path billing = Files.createDirectories(tmp.resolve("billing"));
    Files.copy(SeedFlowTest.NODEDEMO.resolve("Api.java"), billing.resolve("Api.java"));
    Files.writeString(billing.resolve("convox.yml"), "services:\n  api:\n    build: .\n    port: 3000\n    command: java Api.java\n");
    Path shop = Files.createDirectories(tmp.resolve("shop"));
    Files.copy(SeedFlowTest.NODEDEMO.resolve("Web.java"), shop.resolve("Web.java"));
    Files.writeString(shop.resolve("convox.yml"), "services:\n  web:\n    build: .\n    port: 3000\n    command: java Web.java\n    links:\n      - billing/api\n    health:\n      path: /env\n");

    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("shop");
      Build shopBuild = rack.client.buildCreate("shop", SourceTar.of(shop), null);
      assertThatThrownBy(() -> rack.client.releasePromote("shop", shopBuild.release()))
          .isInstanceOf(ProviderException.class).hasMessageContaining("link billing/api: no app billing on this rack");

      rack.client.appCreate("billing");
      Build billingBuild = rack.client.buildCreate("billing", SourceTar.of(billing), null);
      rack.client.releasePromote("billing", billingBuild.release());

      rack.client.releasePromote("shop", rack.client.buildCreate("shop", SourceTar.of(shop), null).release());
      String env = RawHttp.get(rack.http(), "shop-web.dev.localhost", "/env").body();
      String url = env.lines().filter(l -> l.startsWith("BILLING_API_URL=")).findFirst().orElseThrow().substring("BILLING_API_URL=".length());
      assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
      int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
      assertThat(port).isNotEqualTo(rack.http());
      String first = RawHttp.get(port, "x", "/").body();
      assertThat(first).contains("\"service\":\"api\"").contains(billingBuild.release());

      // billing redeploys: its endpoint, and so shop's variable, stay valid and reach the new release.
      Build again = rack.client.buildCreate("billing", SourceTar.of(billing), null);
      rack.client.releasePromote("billing", again.release());
      assertThat(RawHttp.get(port, "x", "/").body()).contains("\"service\":\"api\"").contains(again.release());
      assertThat(RawHttp.get(rack.http(), "shop-web.dev.localhost", "/env").body()).contains("BILLING_API_URL=" + url);
    }
  }
}
