package io.jrack.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Service, resource and timer names are DNS labels in every dialect: they become directories, host
 * names and cluster objects, so a path ({@code ../../x}, {@code /etc}) or a 300-character name is refused.
 */
class NamesTest {

  private static ParseResult parse(String yaml, Dialect dialect) {
    return Upstream.parse(yaml, dialect, Map.of());
  }

  private static String resource(String name) {
    return "resources:\n  \"" + name + "\":\n    type: postgres\nservices:\n  web:\n    port: 3000\n    resources:\n      - \"" + name + "\"\n";
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void resourceNamesThatArePathsAreRefusedInEveryDialect(Dialect dialect) {
    for (String name : new String[] {"../../x", "/etc/passwd", "a/b", "..", "db\\0x", "DB"}) {
      ParseResult r = parse(resource(name), dialect);
      assertThat(r.ok()).as(name).isFalse();
      assertThat(r.manifest()).as(name).isEmpty();
      assertThat(r.errors()).as(name).extracting(Diagnostic::message)
          .anyMatch(m -> m.startsWith("resource name ") && m.contains(" invalid, must contain only lowercase alphanumeric"));
    }
  }

  @Test
  void gen2ResourceNamesMayHoldUnderscoresAsConvoxExamplesDo() {
    assertThat(parse(resource("hasura_graphql_database"), Dialect.GEN2).ok()).isTrue();
    assertThat(parse(resource("hasura_graphql_database"), Dialect.V3).errors()).extracting(Diagnostic::message)
        .containsExactly("resource name hasura_graphql_database invalid, must contain only lowercase alphanumeric and dashes");
    assertThat(parse(resource("db_"), Dialect.GEN2).errors()).extracting(Diagnostic::message)
        .containsExactly("resource name db_ invalid, must end with a letter or digit (a DNS label)");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void namesLongerThanADnsLabelAreRefused(Dialect dialect) {
    String ok = "s".repeat(63);
    String tooLong = "s".repeat(300);
    assertThat(parse("services:\n  " + ok + ":\n    port: 3000\n", dialect).ok()).isTrue();
    assertThat(parse("services:\n  " + tooLong + ":\n    port: 3000\n", dialect).errors()).extracting(Diagnostic::message)
        .containsExactly("service name " + "s".repeat(64) + "... invalid, must be at most 63 characters (a DNS label; got 300)");
    assertThat(parse(resource("r".repeat(64)), dialect).errors()).extracting(Diagnostic::message)
        .containsExactly("resource name " + "r".repeat(64) + " invalid, must be at most 63 characters (a DNS label; got 64)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"web-", "1web", "Web", "we b", "web\\nx", "we/b"})
  void serviceNamesBreakingTheLabelRuleAreRefused(String name) {
    ParseResult r = parse("services:\n  \"" + name + "\":\n    port: 3000\n", Dialect.GEN2);
    assertThat(r.errors()).extracting(Diagnostic::message).singleElement().asString().startsWith("service name ").contains(" invalid, must ");
  }

  @Test
  void controlCharactersInANameAreShownEscaped() {
    ParseResult r = parse(resource("db\\x01"), Dialect.V3); // a YAML escape: raw control characters are refused earlier
    assertThat(r.errors()).extracting(Diagnostic::message).contains("resource name db\\x01 invalid, must contain only lowercase alphanumeric and dashes");
  }

  @Test
  void appNamesFollowTheSameRuleWithTheirOwnLength() {
    assertThat(DnsLabel.matches("shop-api", 30)).isTrue();
    assertThat(DnsLabel.matches("shop-", 30)).isFalse();
    assertThat(DnsLabel.matches("a".repeat(31), 30)).isFalse();
    assertThat(DnsLabel.matches("../x", 30)).isFalse();
    assertThat(DnsLabel.matches(null, 30)).isFalse();
  }

  @Test
  void envDefaultsWithControlCharactersAreRefused() {
    ParseResult r = parse("services:\n  web:\n    port: 3000\n    environment:\n      - \"GREETING=hello\\0\"\n      - \"CERT=a\\nb\"\n", Dialect.V3);
    assertThat(r.errors()).extracting(Diagnostic::message).containsExactly(
        "services.web.environment: GREETING default has a NUL byte at 5 (one line, no control characters other than tab: multi-line values are set encoded, e.g. base64)",
        "services.web.environment: CERT default has a line feed at 1 (one line, no control characters other than tab: multi-line values are set encoded, e.g. base64)");
  }
}
