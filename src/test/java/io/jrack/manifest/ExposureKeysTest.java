package io.jrack.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code internalAndExternal} (Gen2) and {@code internalRouter} (v3): read, honoured in both dialects,
 * and their contradictions refused with the place and the rule.
 */
class ExposureKeysTest {

  private static Service only(ParseResult r, String name) {
    assertThat(r.errors()).isEmpty();
    return r.manifest().orElseThrow().service(name).orElseThrow();
  }

  @Test
  void internalAndExternalIsInternalAndPublicAsGen2MakesIt() {
    ParseResult r = ManifestParser.parse("services:\n  web:\n    port: 3000\n    internalAndExternal: true\n  api:\n    port: 4000\n    internal: true\n");
    assertThat(r.manifest().orElseThrow().dialect()).isEqualTo(Dialect.GEN2);
    assertThat(r.warnings()).as("a known key now").isEmpty();
    Service web = only(r, "web");
    assertThat(web.internalAndExternal()).isTrue();
    assertThat(web.internal()).as("Gen2: if s.InternalAndExternal { s.Internal = true }").isTrue();
    assertThat(web.servedPublicly()).isTrue();
    Service api = only(r, "api");
    assertThat(api.internal()).isTrue();
    assertThat(api.servedPublicly()).isFalse();
  }

  @Test
  void internalRouterIsNeitherInternalNorPublic() {
    ParseResult r = ManifestParser.parse("services:\n  api:\n    port: 4000\n    internalRouter: true\n  web:\n    port: 3000\n");
    assertThat(r.manifest().orElseThrow().dialect()).as("internalRouter is a v3 key").isEqualTo(Dialect.V3);
    Service api = only(r, "api");
    assertThat(api.internalRouter()).isTrue();
    assertThat(api.internal()).as("no Internal=Yes needed").isFalse();
    assertThat(api.servedPublicly()).isFalse();
    assertThat(only(r, "web").servedPublicly()).isTrue();
  }

  @Test
  void internalAndExternalInAV3ManifestIsHonouredAndWarnedAt() {
    ParseResult r = ManifestParser.parse("services:\n  web:\n    port: 3000\n    internalAndExternal: true\n    liveness:\n      path: /\n");
    assertThat(r.manifest().orElseThrow().dialect()).isEqualTo(Dialect.V3);
    assertThat(r.warnings()).extracting(Diagnostic::toString).containsExactly(
        "convox.yml:4:5: warning: services.web.internalAndExternal: a Convox Gen2 key that Convox v3 ignores; this rack honours it");
    Service web = only(r, "web");
    assertThat(web.internal()).isTrue();
    assertThat(web.servedPublicly()).isTrue();
  }

  @Test
  void internalAndExternalWithInternalRouterIsRefusedWithThePlace() {
    ParseResult r = ManifestParser.parse("services:\n  web:\n    port: 3000\n  api:\n    port: 4000\n    internalAndExternal: true\n    internalRouter: true\n");
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).extracting(Diagnostic::toString).containsExactly(
        "convox.yml:4:3: service api can not have both internalAndExternal and internalRouter set as true "
            + "(internalAndExternal serves it on the public router as well; internalRouter keeps it off the public router)");
  }

  @Test
  void aValueThatIsNoBooleanSaysTheRule() {
    ParseResult r = ManifestParser.parse("services:\n  web:\n    port: 3000\n    internalAndExternal: sometimes\n");
    assertThat(r.errors()).extracting(Diagnostic::toString).containsExactly(
        "convox.yml:4:26: services.web.internalAndExternal: \"sometimes\" (expected: true or false)");
  }

  @Test
  void internalAndExternalFalseChangesNothing() {
    Service web = only(ManifestParser.parse("services:\n  web:\n    port: 3000\n    internalAndExternal: false\n"), "web");
    assertThat(web.internal()).isFalse();
    assertThat(web.internalAndExternal()).isFalse();
    assertThat(web.servedPublicly()).isTrue();
  }
}
