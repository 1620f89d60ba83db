package io.jrack.manifest;

import static io.jrack.manifest.Upstream.assertErrorContains;
import static io.jrack.manifest.Upstream.assertExactError;
import static io.jrack.manifest.Upstream.convox;
import static io.jrack.manifest.Upstream.loaded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The v3 {@code budget:} files of the upstream test data (auto-shutdown-*.yml) and the inline budget cases. */
class UpstreamConvoxBudgetTest {

  @Test
  void fullIsValidAndParsed() {
    Manifest m = loaded(convox("auto-shutdown-full.yml", Map.of()));
    Budget b = m.budget();
    assertThat(b.atCapAction()).isEqualTo("auto-shutdown");
    assertThat(b.atCapWebhookUrl()).isEqualTo("https://hooks.example.com/budget");
    assertThat(b.neverAutoShutdown()).containsExactly("api");
    assertThat(b.shutdownOrder()).isEqualTo("largest-cost");
    assertThat(b.notifyBeforeMinutes()).isEqualTo(30);
    assertThat(b.shutdownGracePeriod()).isEqualTo("5m");
    assertThat(b.recoveryMode()).isEqualTo("auto-on-reset");
    // Not checked upstream, but in the file: the cap, the alert threshold and a flow-map scale.
    assertThat(b.monthlyCapUsd()).isEqualTo(500.0);
    assertThat(b.alertThresholdPercent()).isEqualTo(80);
    assertThat(Upstream.service(m, "worker").scale().count()).isEqualTo(2);
  }

  @Test
  void minimalIsValid() {
    loaded(convox("auto-shutdown-minimal.yml", Map.of()));
  }

  @Test
  void protectedIsValid() {
    Manifest m = loaded(convox("auto-shutdown-protected.yml", Map.of()));
    assertThat(m.budget().neverAutoShutdown()).containsExactly("api");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      rule1   | requires budget.atCapWebhookUrl
      rule2   | requires budget.monthlyCapUsd
      rule4   | must be between 5 and 1440
      rule5   | must be between 0s and 1h
      rule6   | must be a Go duration string
      rule7   | must be one of
      rule7a  | reserved for a future release
      rule8   | reserved for 3.25.0
      rule9   | must be one of
      rule10  | leaves no services eligible
      rule10a | requires at least one service
      """)
  void invalidFilesFailWithTheUpstreamText(String rule, String expected) {
    ParseResult result = convox("auto-shutdown-invalid-" + rule + ".yml", Map.of());
    assertErrorContains(result, expected);
    Upstream.assertPositioned(result);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      rule1   | budget.atCapAction "auto-shutdown" requires budget.atCapWebhookUrl to be set; auto-shutdown silently killing services without notification is rejected by design
      rule2   | budget.atCapAction "auto-shutdown" requires budget.monthlyCapUsd > 0; cannot shut down on cap breach without a cap
      rule4   | budget.notifyBeforeMinutes must be between 5 and 1440; got 2000
      rule5   | budget.shutdownGracePeriod must be between 0s and 1h; got 2h
      rule6   | budget.shutdownGracePeriod must be a Go duration string (e.g. "5m", "30s"); got "garbage"
      rule7   | budget.shutdownOrder must be one of "largest-cost", "newest"; got "random"
      rule7a  | budget.shutdownOrder "priority-annotation" reserved for a future release; use "largest-cost" or "newest"
      rule8   | budget.recoveryMode "scheduled" reserved for 3.25.0; use "auto-on-reset" or "manual"
      rule9   | budget.recoveryMode must be one of "auto-on-reset", "manual"; got "random"
      rule10  | budget.atCapAction "auto-shutdown" with all services listed in neverAutoShutdown leaves no services eligible; either remove a service from neverAutoShutdown or use atCapAction "block-new-deploys"
      rule10a | budget.atCapAction "auto-shutdown" requires at least one service in the services block; timer-only apps cannot be auto-shut. Use "block-new-deploys" or remove auto-shutdown.
      """)
  void fullTextsFromTheSource(String rule, String full) {
    assertExactError(convox("auto-shutdown-invalid-" + rule + ".yml", Map.of()), full);
  }

  @Test
  void inlineUnknownExemptServiceIsOnlyAWarning() {
    ParseResult result = Upstream.parse("""
        services:
          web:
            image: example/web
        budget:
          monthlyCapUsd: 100
          atCapAction: auto-shutdown
          atCapWebhookUrl: https://hooks.example.com/budget
          neverAutoShutdown:
            - nosuch
        """, Dialect.V3, Map.of());
    loaded(result);
    assertThat(result.warnings()).extracting(Diagnostic::message)
        .anyMatch(m -> m.contains("budget.neverAutoShutdown contains \"nosuch\" which is not a service"));
  }

  @Test
  void inlineNoBudgetValidatesAsBefore() {
    Manifest m = loaded(Upstream.parse("services:\n  web:\n    image: example/web\n", Dialect.V3, Map.of()));
    assertThat(m.budget()).isNull();
  }

  @ParameterizedTest(name = "shutdownGracePeriod \"{0}\" valid: {1}")
  @CsvSource({"0, true", "30s, true", "1h, true", "1h0m1s, false", "1.5h, false", "-1s, false", "90m, false", "5, false", "'', true"})
  void goDurations(String grace, boolean valid) {
    String yaml = "services:\n  web:\n    image: x\nbudget:\n  atCapAction: alert-only\n  shutdownGracePeriod: \"" + grace + "\"\n";
    assertThat(Upstream.parse(yaml, Dialect.V3, Map.of()).ok()).isEqualTo(valid);
  }
}
