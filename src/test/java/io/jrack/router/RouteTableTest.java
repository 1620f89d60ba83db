package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Host names to services: lookups, and which app owns which name when apps publish and republish. */
class RouteTableTest {
  final RouteTable table = new RouteTable();

  void publish(String app, String service, String... hosts) {
    table.publish(app, Map.of(table.service(app, service), List.of(hosts)));
  }

  String served(String host) {
    Target t = table.lookup(host);
    return t == null ? null : t.toString();
  }

  @Test
  void looksUpExactNamesThenWildcardsFromTheMostSpecific() {
    Map<Target, List<String>> hosts = new LinkedHashMap<>();
    hosts.put(table.service("shop", "web"), List.of("shop.example.com", "*.example.com"));
    hosts.put(table.service("shop", "api"), List.of("*.api.example.com", "[::1]"));
    table.publish("shop", hosts);
    assertThat(served("shop.example.com")).isEqualTo("shop/web");
    assertThat(served("SHOP.Example.com:8080")).isEqualTo("shop/web");
    assertThat(served("shop.example.com.")).as("a fully qualified name").isEqualTo("shop/web");
    assertThat(served("other.example.com")).isEqualTo("shop/web");
    assertThat(served("v1.api.example.com")).isEqualTo("shop/api");
    assertThat(served("[::1]:80")).isEqualTo("shop/api");
    assertThat(served("example.com")).isNull();
    assertThat(served("")).isNull();
    assertThat(served(null)).isNull();
    assertThat(served("a".repeat(256))).isNull();
  }

  @Test
  void aRepublishReplacesTheAppsOwnNamesAndBumpsTheVersion() {
    publish("shop", "web", "old.example.com", "kept.example.com");
    int before = table.version();
    publish("shop", "web", "kept.example.com", "new.example.com");
    assertThat(table.version()).isGreaterThan(before);
    assertThat(served("old.example.com")).isNull();
    assertThat(served("kept.example.com")).isEqualTo("shop/web");
    assertThat(served("new.example.com")).isEqualTo("shop/web");
  }

  @Test
  void aHostAnotherAppServesIsNotTaken() {
    publish("b", "web", "shop.example.com", "*.b.example.com");
    publish("a", "web", "a.example.com");
    int before = table.version();
    assertThatThrownBy(() -> publish("a", "web", "a2.example.com", "Shop.example.com", "*.b.example.com"))
        .hasMessage("domain shop.example.com: already served by app b\ndomain *.b.example.com: already served by app b");
    // Nothing of the refused publish applied: b keeps its names, a keeps its old ones and gets no new one.
    assertThat(table.version()).isEqualTo(before);
    assertThat(served("shop.example.com")).isEqualTo("b/web");
    assertThat(served("x.b.example.com")).isEqualTo("b/web");
    assertThat(served("a.example.com")).isEqualTo("a/web");
    assertThat(served("a2.example.com")).isNull();
  }

  @Test
  void conflictsAreReportedWithoutChangingAnything() {
    publish("b", "web", "shop.example.com");
    int before = table.version();
    assertThat(table.conflicts("a", List.of("free.example.com", "SHOP.example.com"))).containsExactly(Map.entry("shop.example.com", "b"));
    assertThat(table.conflicts("b", List.of("shop.example.com"))).as("an app's own names").isEmpty();
    assertThat(table.version()).isEqualTo(before);
  }

  @Test
  void republishingOrRemovingAnAppNeverRemovesAnotherAppsHost() {
    publish("b", "web", "shop.example.com");
    publish("a", "web", "a.example.com");
    assertThatThrownBy(() -> publish("a", "web", "a.example.com", "shop.example.com")).isInstanceOf(HostConflictException.class);
    // a republishes without the name it was refused, then leaves: b is served throughout.
    publish("a", "web", "a.example.com");
    assertThat(served("shop.example.com")).isEqualTo("b/web");
    table.unpublish("a");
    assertThat(served("shop.example.com")).isEqualTo("b/web");
    assertThat(served("a.example.com")).isNull();
  }

  @Test
  void aNameIsFreeOnceItsAppGivesItUp() {
    publish("b", "web", "shop.example.com");
    publish("b", "web", "b.example.com");
    publish("a", "web", "shop.example.com");
    assertThat(served("shop.example.com")).isEqualTo("a/web");
    table.unpublish("a");
    publish("b", "web", "shop.example.com");
    assertThat(served("shop.example.com")).isEqualTo("b/web");
  }

  @Test
  void servicesOfOneAppMayMoveANameBetweenThem() {
    publish("shop", "web", "shop.example.com");
    table.publish("shop", Map.of(table.service("shop", "api"), List.of("shop.example.com")));
    assertThat(served("shop.example.com")).isEqualTo("shop/api");
  }
}
