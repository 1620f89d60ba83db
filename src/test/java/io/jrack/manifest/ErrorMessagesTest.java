package io.jrack.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a user sees for common mistakes: the place, the value, and the rule. */
class ErrorMessagesTest {

  private static ParseResult parse(String yaml) {
    return ManifestParser.parse(yaml);
  }

  @Test
  void portNotANumber() {
    ParseResult r = parse("services:\n  web:\n    port: abc\n");
    assertThat(r.errors()).singleElement().hasToString("convox.yml:3:11: services.web.port: \"abc\" (expected: a number 1-65535)");
  }

  @Test
  void portOutOfRangeAndBadScheme() {
    ParseResult r = parse("services:\n  a:\n    port: 70000\n  b:\n    port: ftp:21\n");
    assertThat(r.errors()).extracting(Diagnostic::toString).containsExactly(
        "convox.yml:3:11: services.a.port: \"70000\" (expected: a number 1-65535)",
        "convox.yml:5:11: services.b.port: scheme \"ftp\" (expected: one of http, https, grpc)");
  }

  @Test
  void everyErrorIsReportedNotJustTheFirst() {
    ParseResult r = parse("services:\n  Web:\n    port: x\n    deployment:\n      minimum: -1\n      maximum: 300\n    scale: lots\n");
    assertThat(r.errors()).hasSize(5);
    assertThat(r.errors()).extracting(Diagnostic::message).anyMatch(m -> m.contains("service name Web invalid"))
        .anyMatch(m -> m.contains("minimum can not be less than 0"))
        .anyMatch(m -> m.contains("maximum can not be greater than 200"))
        .anyMatch(m -> m.contains("services.Web.scale: \"lots\""));
  }

  @Test
  void unknownKeyIsAWarningWithASuggestion() {
    ParseResult r = parse("services:\n  web:\n    prot: 3000\n    port: 3000\n");
    assertThat(r.ok()).isTrue();
    assertThat(r.warnings()).singleElement().hasToString("convox.yml:3:5: warning: unknown key \"prot\" in service web is ignored (did you mean \"port\"?)");
  }

  @Test
  void resourceOptionsAreCheckedAndUnknownOnesWarned() {
    ParseResult r = parse("resources:\n  database:\n    type: postgres\n    options:\n      version: latest\n      storage: 0\n"
        + "      durable: sometimes\n      verison: 15\n  cache:\n    type: redis\n    options:\n      storage: 5\n");
    assertThat(r.errors()).extracting(Diagnostic::toString).containsExactly(
        "convox.yml:5:16: resources.database.options.version: \"latest\" (expected: a version like 15 or 15.4)",
        "convox.yml:6:16: resources.database.options.storage: \"0\" (expected: a number 1-65536)",
        "convox.yml:7:16: resources.database.options.durable: \"sometimes\" (expected: true or false)");
    assertThat(r.warnings()).extracting(Diagnostic::toString).containsExactly(
        "convox.yml:8:7: warning: unknown key \"verison\" in resource database options is ignored (did you mean \"version\"?)",
        "convox.yml:12:7: warning: resources.cache.options.storage: redis keeps its data in memory, storage is ignored");
  }

  @Test
  void resourceOptionsWithoutATypeStillGetTheTypeError() {
    ParseResult r = parse("resources:\n  database:\n    options:\n      storage: 100\n");
    assertThat(r.errors()).extracting(Diagnostic::message).containsExactly(
        "resource database: resource type can not be blank (expected: type: one of postgres, mysql, mariadb, redis, memcached, efs)");
  }

  @Test
  void corpusResourceOptionsAreAccepted() {
    ParseResult r = parse("resources:\n  database:\n    type: postgres\n    options:\n      version: 14.2\n      storage: 100\n"
        + "      class: db.t3.micro\n      encrypted: true\n  mc:\n    type: memcached\n    options:\n      version: 1.6.17\n");
    assertThat(r.ok()).isTrue();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void buildAndImageTogether() {
    ParseResult r = parse("services:\n  web:\n    build: .\n    image: nginx\n");
    assertThat(r.errors()).singleElement().extracting(Diagnostic::message).asString().contains("both build and image");
  }

  @Test
  void wrongYamlTypes() {
    ParseResult r = parse("services:\n  web:\n    links: api\n    environment: {A: b}\n    internal: maybe\n");
    assertThat(r.errors()).extracting(Diagnostic::message).containsExactly(
        "services.web.links: \"api\" (expected: a list)",
        "services.web.environment: a map (expected: a list of NAME or NAME=default entries, like - PORT=3000)",
        "services.web.internal: \"maybe\" (expected: true or false)");
  }

  @Test
  void unknownResourceType() {
    ParseResult r = parse("resources:\n  db:\n    type: oracle\nservices:\n  web:\n    resources: [db]\n");
    assertThat(r.errors()).singleElement().hasToString(
        "convox.yml:3:11: resource db: type \"oracle\" is not supported (expected: one of postgres, mysql, mariadb, redis, memcached, efs)");
  }

  @Test
  void malformedYamlHasLineAndColumn() {
    ParseResult r = parse("services:\n  web:\n    port: [3000\n");
    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.message()).startsWith("invalid YAML: ");
      assertThat(d.position().isKnown()).isTrue();
    });
  }

  @Test
  void duplicateKeyNamesTheFirstDefinition() {
    ParseResult r = parse("services:\n  web:\n    port: 1\n  web:\n    port: 2\n");
    assertThat(r.errors()).singleElement().hasToString("convox.yml:4:3: duplicate key \"web\" (first defined at 2:3)");
  }

  @Test
  void dockerComposeFileGetsOneGen1Error() {
    String compose = "version: '2'\nservices:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n    depends_on:\n      - db\n  db:\n    image: postgres\n";
    ParseResult r = parse(compose);
    assertThat(r.errors()).singleElement().extracting(Diagnostic::message).asString()
        .contains("docker-compose file (Convox Gen1 format)");
    ParseResult v1 = parse("web:\n  image: nginx\n  links:\n    - db\ndb:\n  image: postgres\n");
    assertThat(v1.errors()).singleElement().extracting(Diagnostic::message).asString().contains("docker-compose");
  }

  @Test
  void requiredEnvIsCheckedOnlyWhenAsked() {
    String yaml = "environment:\n  - B\nservices:\n  web:\n    environment:\n      - A\n";
    assertThat(parse(yaml).ok()).isTrue();
    ParseResult r = ManifestParser.builder().checkRequiredEnv(true).build().parseText(yaml);
    assertThat(r.errors()).singleElement().extracting(Diagnostic::message).isEqualTo("required env: A, B");
  }

  @Test
  void interpolationKeepsPositionsAndCannotInjectStructure() {
    ParseResult r = ManifestParser.builder().env(java.util.Map.of("P", "x: y")).build().parseText("services:\n  web:\n    port: ${P}\n");
    assertThat(r.errors()).singleElement().hasToString("convox.yml:3:11: services.web.port: \"x: y\" (expected: a number 1-65535, \"scheme:port\" or {port, scheme})");
    ParseResult ok = ManifestParser.builder().env(java.util.Map.of("P", "4000")).build().parseText("services:\n  web:\n    port: ${P}\n    command: make ${X} test\n");
    Service web = ok.manifest().orElseThrow().services().get(0);
    assertThat(web.port().port()).isEqualTo(4000);
    assertThat(web.command().shell()).isEqualTo("make  test");
  }
}
