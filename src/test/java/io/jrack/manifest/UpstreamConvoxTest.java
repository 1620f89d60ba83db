package io.jrack.manifest;

import static io.jrack.manifest.Upstream.assertExactError;
import static io.jrack.manifest.Upstream.convox;
import static io.jrack.manifest.Upstream.env;
import static io.jrack.manifest.Upstream.errorMessages;
import static io.jrack.manifest.Upstream.loaded;
import static io.jrack.manifest.Upstream.names;
import static io.jrack.manifest.UpstreamRackTest.assertScale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The v3 (convox/convox) upstream test data other than full.yml, scaling, probes and budgets:
 * simple.yml, env.yml, invalid.*.yml and validate.yml, as EXPECTED.md states them.
 */
class UpstreamConvoxTest {

  @Nested
  class Simple {
    @Test
    void emptyEnvIsAnExactErrorNotWrappedInValidationErrors() {
      ParseResult result = convox("simple.yml", Map.of());
      assertExactError(result, "required env: REQUIRED");
      assertThat(errorMessages(result)).noneMatch(m -> m.startsWith("validation errors:"));
    }

    @Test
    void loadsWithTheRequiredVariable() {
      Manifest m = loaded(convox("simple.yml", Map.of("REQUIRED", "test")));
      assertThat(names(m)).containsExactly("web");
      Service s = m.services().get(0);
      assertThat(s.build()).isEqualTo(new Build(".", "Dockerfile", Map.of()));
      assertThat(s.deployment()).isEqualTo(new Deployment(50, 200));
      assertThat(s.drain()).isEqualTo(30);
      assertThat(env(s.environment())).containsExactly("REQUIRED", "DEFAULT=true");
      assertThat(s.health()).isEqualTo(new Health("/", 5, 5, 4, false));
      assertThat(s.init()).isTrue();
      assertScale(s, 1, 1, 250, 512);
      assertThat(s.sticky()).isFalse();
      assertThat(s.terminationGrace()).isEqualTo(30);
      assertThat(s.timeout()).isEqualTo(60);
      assertThat(s.tlsRedirect()).isTrue();
      assertThat(m.attributes()).containsExactlyInAnyOrder("services", "services.web", "services.web.build", "services.web.environment");
    }

    @Test
    void theCallersEnvIsNotChanged() {
      Map<String, String> env = new HashMap<>(Map.of("FOO", "bar", "REQUIRED", "false"));
      loaded(convox("simple.yml", env));
      assertThat(env).containsOnly(entry("FOO", "bar"), entry("REQUIRED", "false"));
    }

    @Test
    void backwardCompatibleScale() {
      Scale scale = loaded(convox("simple.yml", Map.of("REQUIRED", "x"))).services().get(0).scale();
      assertThat(scale.declaredMin()).isNull();
      assertThat(scale.declaredMax()).isNull();
      assertThat(scale.autoscaleEnabled()).isFalse();
    }
  }

  @Test
  void envYml() {
    Manifest m = loaded(convox("env.yml", Map.of()));
    assertThat(Environment.defaults(m.environmentOf(m.services().get(0)))).containsEntry("QUEUE_NAME", "train-intent");
    assertThat(Environment.defaults(m.environmentOf(m.services().get(1)))).containsEntry("QUEUE_NAME", "delete-intent");
  }

  @Test
  void invalid1() {
    ParseResult result = convox("invalid.1.yml", Map.of());
    assertThat(result.manifest()).isEmpty();
    assertThat(result.errors()).isNotEmpty();
  }

  @Test
  void invalid2LoadsWithNoErrorAndNoServices() {
    ParseResult result = convox("invalid.2.yml", Map.of());
    Manifest m = loaded(result);
    assertThat(m.services()).isEmpty();
    // Upstream ignores the key silently; by design ours warns (a warning is not an error).
    assertThat(result.warnings()).extracting(Diagnostic::message).anyMatch(msg -> msg.contains("unknown key \"servicess\""));
  }

  @Nested
  class Validate {
    /** Upstream's whole error, after its first line {@code validation errors:}. */
    private static final List<String> UPSTREAM = List.of(
        "balancer alpha has no ports",
        "balancer alpha has blank service",
        "balancer alpha whitelist 1.1.1.1 is not a valid cidr range",
        "balancer bravo refers to unknown service nosuch",
        "resource name 1resource invalid, must contain only lowercase alphanumeric and dashes",
        "service deployment-invalid-low deployment minimum can not be less than 0",
        "service deployment-invalid-low deployment maximum can not be less than 100",
        "service deployment-invalid-high deployment minimum can not be greater than 100",
        "service deployment-invalid-high deployment maximum can not be greater than 200",
        "service internal-router-invalid can not have both internal and internalRouter set as true",
        "service name serviceF invalid, must contain only lowercase alphanumeric and dashes",
        "service serviceF references a resource that does not exist: foo",
        "timer name timer_1 invalid, must contain only lowercase alphanumeric and dashes",
        "timer timer_1 references a service that does not exist: someservice");

    private final ParseResult result = convox("validate.yml", Map.of());

    @Test
    void everyUpstreamLineIsReported() {
      assertThat(result.manifest()).isEmpty();
      List<String> messages = errorMessages(result);
      for (String line : UPSTREAM) {
        assertThat(messages).as(line).anyMatch(m -> m.contains(line));
      }
    }

    @Test
    void inTheUpstreamOrderAndNothingElse() {
      // Upstream groups balancers, budget, environment, resources, services, timers; ours are in
      // file order, which here is the same order. Within a balancer: ports, blank service, unknown
      // service, whitelist; within a service: name, min < 0, min > 100, max < 100, max > 200,
      // internal with internalRouter, missing resources.
      List<String> messages = errorMessages(result);
      List<Integer> indexes = new ArrayList<>();
      for (String line : UPSTREAM) {
        indexes.add(indexOf(messages, line));
      }
      assertThat(indexes).isSorted().doesNotHaveDuplicates();
      assertThat(messages).hasSize(UPSTREAM.size());
      Upstream.assertPositioned(result);
    }

    @Test
    void aTimerWithoutCommandIsNotAnError() {
      assertThat(errorMessages(result)).noneMatch(m -> m.contains("timer_1") && m.contains("command"));
    }

    private static int indexOf(List<String> messages, String line) {
      for (int i = 0; i < messages.size(); i++) {
        if (messages.get(i).contains(line)) {
          return i;
        }
      }
      return -1;
    }
  }
}
