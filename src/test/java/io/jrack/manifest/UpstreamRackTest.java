package io.jrack.manifest;

import static io.jrack.manifest.Upstream.assertExactError;
import static io.jrack.manifest.Upstream.env;
import static io.jrack.manifest.Upstream.loaded;
import static io.jrack.manifest.Upstream.names;
import static io.jrack.manifest.Upstream.rack;
import static io.jrack.manifest.Upstream.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The gen2 (convox/rack) upstream test data, except the NLB files ({@link UpstreamRackNlbTest}):
 * each fact of {@code upstream-testdata/EXPECTED.md} about {@code rack/*.yml}.
 */
class UpstreamRackTest {
  private static final Map<String, String> FULL_ENV = Map.of("FOO", "bar", "SECRET", "shh", "OTHERGLOBAL", "test");

  @Nested
  class Full {
    private final ParseResult result = rack("full.yml", FULL_ENV);
    private final Manifest m = loaded(result);

    @Test
    void topLevel() {
      assertThat(env(m.environment())).containsExactly("DEVELOPMENT=true", "GLOBAL=true", "OTHERGLOBAL");
      assertThat(m.params()).containsExactly(entry("Foo", "bar"));
      assertThat(m.resources()).hasSize(1);
      Resource database = m.resources().get(0);
      assertThat(database.name()).isEqualTo("database");
      assertThat(database.type()).isEqualTo("postgres");
      assertThat(database.options()).containsExactly(entry("size", "db.t2.large"));
      assertThat(m.timers()).isEmpty();
      assertThat(names(m)).containsExactly("api", "proxy", "foo", "bar", "scaler", "inherit", "agent");
    }

    @Test
    void serviceEnvironmentIsTheGlobalListFollowedByTheServiceList() {
      assertThat(env(m.environmentOf(service(m, "api"))))
          .containsExactly("DEVELOPMENT=true", "GLOBAL=true", "OTHERGLOBAL", "DEFAULT=test", "DEVELOPMENT=false", "SECRET");
      assertThat(env(m.environmentOf(service(m, "proxy")))).containsExactly("DEVELOPMENT=true", "GLOBAL=true", "OTHERGLOBAL", "SECRET");
    }

    @Test
    void api() {
      Service s = service(m, "api");
      assertThat(s.build()).isEqualTo(new Build("api", "Dockerfile2", Map.of()));
      assertThat(s.command().argv()).containsExactly("bin/api", "start");
      assertThat(s.deployment()).isEqualTo(new Deployment(25, 65));
      assertThat(s.domains()).containsExactly("foo.example.org");
      assertThat(s.drain()).isEqualTo(30);
      assertThat(s.health()).isEqualTo(new Health("/", 10, 10, 9, false));
      assertThat(s.init()).isTrue();
      assertThat(s.port()).isEqualTo(new Port(1000, "http"));
      assertThat(s.resources()).extracting(ResourceRef::name).containsExactly("database");
      assertScale(s, 3, 10, 256, 512);
      assertThat(s.scale().cooldown()).isEqualTo(new Scale.Cooldown(60, 60));
      assertThat(s.sticky()).isTrue();
      assertThat(s.test()).isEqualTo("make  test");
      assertThat(s.terminationGrace()).isEqualTo(45);
    }

    @Test
    void proxy() {
      assertProxyLike(service(m, "proxy"), "bash");
    }

    @Test
    void foo() {
      Service s = service(m, "foo");
      assertThat(s.build()).isEqualTo(Build.DEFAULT);
      assertThat(s.command().argv()).containsExactly("foo");
      assertThat(s.singleton()).isTrue();
      assertThat(s.deployment()).isEqualTo(new Deployment(0, 100));
      assertThat(s.domains()).containsExactly("baz.example.org", "qux.example.org");
      assertThat(s.drain()).isEqualTo(60);
      assertThat(s.health()).isEqualTo(new Health("/", 2, 5, 3, false));
      assertThat(s.port()).isEqualTo(new Port(3000, "https"));
      assertScale(s, 0, 0, 256, 512);
      assertThat(s.scale().cooldown()).isEqualTo(new Scale.Cooldown(60, 60));
      assertThat(s.sticky()).isFalse();
      assertThat(s.terminationGrace()).isEqualTo(30);
    }

    @Test
    void barGetsEveryDefault() {
      Service s = service(m, "bar");
      assertThat(s.build()).isEqualTo(new Build(".", "Dockerfile", Map.of()));
      assertThat(s.image()).isNull();
      assertThat(s.deployment()).isEqualTo(new Deployment(50, 200));
      assertThat(s.drain()).isEqualTo(30);
      assertThat(s.health()).isEqualTo(new Health("/", 5, 5, 4, false));
      assertScale(s, 1, 1, 256, 512);
      assertThat(s.scale().cooldown()).isEqualTo(new Scale.Cooldown(60, 60));
      assertThat(s.sticky()).isTrue();
      assertThat(s.terminationGrace()).isEqualTo(30);
      assertThat(s.port()).isNull();
      assertThat(s.command()).isNull();
    }

    @Test
    void scaler() {
      Service s = service(m, "scaler");
      assertThat(s.scale().cooldown()).isEqualTo(new Scale.Cooldown(61, 59));
      assertScale(s, 1, 5, 256, 512);
      Scale.Targets targets = s.scale().targets();
      assertThat(targets.cpu()).isEqualTo(50);
      assertThat(targets.memory()).isEqualTo(75);
      assertThat(targets.requests()).isEqualTo(200);
      assertThat(targets.custom()).containsExactly(
          new Scale.Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "max", 200.0, Map.of("QueueName", "testqueue")));
      assertThat(s.build()).isEqualTo(Build.DEFAULT);
      assertThat(s.deployment()).isEqualTo(Deployment.DEFAULT);
      assertThat(s.sticky()).isTrue();
    }

    @Test
    void inheritIsProxyWithItsOwnCommand() {
      assertProxyLike(service(m, "inherit"), "inherit");
    }

    @Test
    void agent() {
      Service s = service(m, "agent");
      assertThat(s.agent().enabled()).isTrue();
      assertThat(s.agent().ports()).containsExactly(new PortSpec(5000, "udp"), new PortSpec(5001, "tcp"), new PortSpec(5002, "tcp"));
      assertThat(s.deployment()).isEqualTo(new Deployment(0, 100));
      assertThat(s.build()).isEqualTo(Build.DEFAULT);
      assertScale(s, 1, 1, 256, 512);
      assertThat(s.sticky()).isTrue();
    }

    @Test
    void environmentResolution() {
      List<EnvEntry> api = m.environmentOf(service(m, "api"));
      assertThat(Environment.resolve(api, FULL_ENV)).containsOnly(
          entry("DEFAULT", "test"), entry("DEVELOPMENT", "false"), entry("GLOBAL", "true"), entry("OTHERGLOBAL", "test"), entry("SECRET", "shh"));
      assertThat(Environment.defaults(api)).containsOnly(entry("DEFAULT", "test"), entry("DEVELOPMENT", "false"), entry("GLOBAL", "true"));
      assertThat(Environment.keys(api)).isEqualTo("DEFAULT,DEVELOPMENT,GLOBAL,OTHERGLOBAL,SECRET");
      List<EnvEntry> proxy = m.environmentOf(service(m, "proxy"));
      assertThat(Environment.defaults(proxy)).containsOnly(entry("DEVELOPMENT", "true"), entry("GLOBAL", "true"));
      assertThat(Environment.keys(proxy)).isEqualTo("DEVELOPMENT,GLOBAL,OTHERGLOBAL,SECRET");
    }

    @Test
    void attributesRecordWhatIsWritten() {
      assertThat(m.attributes()).contains(
          "services.bar", "services.foo.sticky", "services.foo.port.scheme", "services.api.health.interval",
          "services.agent.agent.ports", "services.proxy.environment", "params.Foo",
          "services.scaler.scale.targets.custom.AWS/SQS/ApproximateNumberOfMessagesVisible.dimensions.QueueName");
      assertThat(m.attributes().stream().filter(a -> a.startsWith("services.inherit.")).map(a -> a.substring("services.inherit.".length())))
          .containsExactlyInAnyOrder("command", "image", "domain", "environment", "health", "port", "scale", "scale.cpu", "scale.memory");
    }

    @Test
    void emptyEnvFailsWithTheMissingNames() {
      ParseResult empty = rack("full.yml", Map.of());
      assertThat(empty.manifest()).isEmpty();
      assertExactError(empty, "required env: OTHERGLOBAL, SECRET");
    }

    private void assertProxyLike(Service s, String command) {
      assertThat(s.image()).isEqualTo("ubuntu:16.04");
      assertThat(s.build()).isNull();
      assertThat(s.command().argv()).containsExactly("sh", "-c", command);
      assertThat(s.deployment()).isEqualTo(new Deployment(50, 200));
      assertThat(s.domains()).containsExactly("bar.example.org", "*.example.org");
      assertThat(s.drain()).isEqualTo(30);
      assertThat(env(m.environmentOf(s))).containsExactly("DEVELOPMENT=true", "GLOBAL=true", "OTHERGLOBAL", "SECRET");
      assertThat(s.health()).isEqualTo(new Health("/auth", 5, 5, 4, false));
      assertThat(s.port()).isEqualTo(new Port(2000, "https"));
      assertScale(s, 1, 1, 512, 1024);
      assertThat(s.scale().cooldown()).isEqualTo(new Scale.Cooldown(60, 60));
      assertThat(s.sticky()).isTrue();
      assertThat(s.terminationGrace()).isEqualTo(30);
    }
  }

  @Nested
  class Simple {
    @Test
    void emptyEnvIsAnExactError() {
      assertExactError(rack("simple.yml", Map.of()), "required env: REQUIRED");
    }

    @Test
    void loadsWithTheRequiredVariable() {
      Manifest m = loaded(rack("simple.yml", Map.of("REQUIRED", "test")));
      assertThat(names(m)).containsExactly("web");
      Service s = m.services().get(0);
      assertThat(s.build()).isEqualTo(new Build(".", "Dockerfile", Map.of()));
      assertThat(s.deployment()).isEqualTo(new Deployment(50, 200));
      assertThat(s.drain()).isEqualTo(30);
      assertThat(env(s.environment())).containsExactly("REQUIRED", "DEFAULT=true");
      assertThat(s.health()).isEqualTo(new Health("/", 5, 5, 4, false));
      assertScale(s, 1, 1, 256, 512);
      assertThat(s.scale().cooldown()).isEqualTo(new Scale.Cooldown(60, 60));
      assertThat(s.sticky()).isTrue();
      assertThat(s.terminationGrace()).isEqualTo(30);
      assertThat(s.port()).isNull();
      assertThat(s.image()).isNull();
      assertThat(m.attributes()).containsExactlyInAnyOrder("services", "services.web", "services.web.build", "services.web.environment");
    }

    @Test
    void theCallersEnvIsNotChanged() {
      Map<String, String> env = new HashMap<>(Map.of("FOO", "bar", "REQUIRED", "false"));
      loaded(rack("simple.yml", env));
      assertThat(env).containsOnly(entry("FOO", "bar"), entry("REQUIRED", "false"));
    }
  }

  @Test
  void envYmlLoadsWithAnEmptyEnvAndKeepsServiceDefaults() {
    Manifest m = loaded(rack("env.yml", Map.of()));
    assertThat(names(m)).containsExactly("q-train-intent", "q-delete-intent");
    assertThat(Environment.defaults(m.environmentOf(m.services().get(0)))).containsEntry("QUEUE_NAME", "train-intent");
    assertThat(Environment.defaults(m.environmentOf(m.services().get(1)))).containsEntry("QUEUE_NAME", "delete-intent");
    // Implied: ${STAGE} and the others become empty strings, so nothing is required.
    assertThat(Environment.defaults(m.environment())).containsEntry("NODE_ENV", "").containsEntry("SQS_ENDPOINT", "https://sqs..amazonaws.com");
  }

  @Test
  void invalid1ABareScalarIsNotAManifest() {
    ParseResult result = rack("invalid.1.yml", Map.of());
    assertThat(result.manifest()).isEmpty();
    assertThat(result.errors()).isNotEmpty();
  }

  @Test
  void invalid2UnknownTopLevelKeyIsIgnored() {
    ParseResult result = rack("invalid.2.yml", Map.of());
    assertThat(result.manifest()).isPresent();
    assertThat(result.manifest().get().services()).isEmpty();
    // Upstream ignores the key silently; by design ours loads too but warns, with a suggestion.
    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).extracting(Diagnostic::message).anyMatch(m -> m.contains("unknown key \"servicess\"") && m.contains("\"services\""));
  }

  @Test
  void invalid3ResourceWithoutType() {
    ParseResult result = rack("invalid.3.yml", Map.of());
    assertThat(result.manifest()).isEmpty();
    // Ours names the resource first: "resource database: resource type can not be blank (expected: ...)".
    assertThat(Upstream.errorMessages(result)).anyMatch(msg -> msg.contains("resource type can not be blank"));
  }

  @Test
  void invalid4ServiceNameWithUnderscore() {
    assertExactError(rack("invalid.4.yml", Map.of()),
        "service name web_with_underscore invalid, must contain only lowercase alphanumeric and dashes");
  }

  static void assertScale(Service s, int min, int max, int cpu, int memory) {
    assertThat(s.scale().min()).as("count min").isEqualTo(min);
    assertThat(s.scale().max()).as("count max").isEqualTo(max);
    assertThat(s.scale().cpu()).as("cpu").isEqualTo(cpu);
    assertThat(s.scale().memory()).as("memory").isEqualTo(memory);
  }
}
