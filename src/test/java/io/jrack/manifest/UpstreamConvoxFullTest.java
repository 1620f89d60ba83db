package io.jrack.manifest;

import static io.jrack.manifest.Upstream.assertExactError;
import static io.jrack.manifest.Upstream.convox;
import static io.jrack.manifest.Upstream.env;
import static io.jrack.manifest.Upstream.loaded;
import static io.jrack.manifest.Upstream.names;
import static io.jrack.manifest.Upstream.service;
import static io.jrack.manifest.UpstreamRackTest.assertScale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code convox/full.yml} (v3) of the upstream test data, fact by fact as EXPECTED.md states them. */
class UpstreamConvoxFullTest {
  private static final Map<String, String> ENV = Map.of("FOO", "bar", "SECRET", "shh", "OTHERGLOBAL", "test");

  private final Manifest m = loaded(convox("full.yml", ENV));

  @Test
  void balancers() {
    assertThat(m.balancers()).extracting(Balancer::name).containsExactly("main", "alternate");
    Balancer main = m.balancers().get(0);
    assertThat(main.service()).isEqualTo("api");
    assertThat(main.ports()).containsExactly(new Balancer.BalancerPort(3000, 1000, "TCP"), new Balancer.BalancerPort(3001, 5000, "TCP"));
    Balancer alternate = m.balancers().get(1);
    assertThat(alternate.service()).isEqualTo("foo");
    assertThat(alternate.ports()).containsExactly(new Balancer.BalancerPort(4000, 4001, "TCP"));
    assertThat(alternate.whitelist()).containsExactly("127.0.0.0/24");
  }

  @Test
  void topLevelAsInRackFull() {
    assertThat(env(m.environment())).containsExactly("DEVELOPMENT=true", "GLOBAL=true", "OTHERGLOBAL");
    assertThat(m.params()).containsExactly(entry("Foo", "bar"));
    assertThat(m.resources()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("database");
      assertThat(r.type()).isEqualTo("postgres");
      assertThat(r.options()).containsExactly(entry("size", "db.t2.large"));
    });
    assertThat(names(m)).containsExactly(
        "api", "proxy", "foo", "bar", "gpuscaler", "defaultgpuscaler", "scaler", "inherit", "agent", "secured");
  }

  @Test
  void api() {
    Service s = service(m, "api");
    assertThat(s.annotations()).containsExactly(
        entry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/eksctl-irptest-addon-iamsa-default-my-serviceaccount-Role1-UCGG6NDYZ3UE"),
        entry("test.other.com/annotation", "myothervalue"),
        entry("string.test.com/annotation", "\"thishasquotes\""));
    assertThat(s.build()).isEqualTo(new Build("api", "Dockerfile2", Map.of()));
    assertThat(s.command()).isNull();
    assertThat(s.deployment()).isEqualTo(new Deployment(25, 110));
    assertThat(s.domains()).containsExactly("foo.example.org");
    assertThat(s.drain()).isEqualTo(30);
    assertThat(s.health()).isEqualTo(new Health("/", 10, 10, 9, false));
    assertThat(s.init()).isFalse();
    assertThat(s.port()).isEqualTo(new Port(1000, "http"));
    assertThat(s.ports()).containsExactly(new PortSpec(2000, "tcp"), new PortSpec(3000, "udp"));
    assertThat(s.resources()).extracting(ResourceRef::name).containsExactly("database");
    assertScale(s, 3, 10, 250, 512);
    assertThat(s.sticky()).isFalse();
    assertThat(s.test()).isEqualTo("make  test");
    assertThat(s.terminationGrace()).isEqualTo(45);
    assertThat(s.timeout()).isEqualTo(60);
    assertThat(s.tlsRedirect()).isFalse();
    assertThat(s.whitelist()).containsExactly("127.0.0.0/24");
  }

  @Test
  void proxy() {
    assertProxyLike(service(m, "proxy"), "bash");
  }

  @Test
  void foo() {
    Service s = service(m, "foo");
    assertThat(s.build()).isEqualTo(Build.DEFAULT);
    assertThat(s.command().isShell()).isTrue();
    assertThat(s.command().shell()).isEqualTo("foo");
    assertThat(s.deployment()).isEqualTo(new Deployment(0, 100));
    assertThat(s.domains()).containsExactly("baz.example.org", "qux.example.org");
    assertThat(s.drain()).isEqualTo(60);
    assertThat(s.health()).isEqualTo(new Health("/", 2, 5, 3, false, new Port(3001, "http")));
    assertThat(s.liveness()).isEqualTo(new Liveness("/live", new Port(3002, null), 10, 5, 5, 1, 3, null));
    assertThat(s.init()).isTrue();
    assertThat(s.port()).isEqualTo(new Port(3000, "https"));
    assertScale(s, 0, 0, 250, 512);
    assertThat(s.singleton()).isTrue();
    assertThat(s.sticky()).isTrue();
    assertThat(s.terminationGrace()).isEqualTo(30);
    assertThat(s.timeout()).isEqualTo(3600);
    assertThat(s.tlsRedirect()).isTrue();
  }

  @Test
  void barGetsEveryV3Default() {
    Service s = service(m, "bar");
    assertThat(s.build()).isEqualTo(new Build(".", "Dockerfile", Map.of()));
    assertThat(s.command()).isNull();
    assertThat(s.deployment()).isEqualTo(new Deployment(50, 200));
    assertThat(s.drain()).isEqualTo(30);
    assertThat(s.health()).isEqualTo(new Health("/", 5, 5, 4, false));
    assertThat(s.init()).isTrue();
    assertScale(s, 1, 1, 250, 512);
    assertThat(s.scale().cooldown()).as("v3 has no cooldown").isNull();
    assertThat(s.sticky()).isFalse();
    assertThat(s.terminationGrace()).isEqualTo(30);
    assertThat(s.timeout()).isEqualTo(60);
    assertThat(s.tlsRedirect()).isTrue();
  }

  @Test
  void gpuScalers() {
    Service gpu = service(m, "gpuscaler");
    assertThat(gpu.scale().gpu()).isEqualTo(1);
    assertThat(gpu.scale().gpuVendor()).isEqualTo("amd");
    assertScale(gpu, 1, 1, 768, 2048);
    Service byDefault = service(m, "defaultgpuscaler");
    assertThat(byDefault.scale().gpu()).isEqualTo(2);
    assertThat(byDefault.scale().gpuVendor()).isEqualTo("nvidia");
    assertScale(byDefault, 1, 1, 0, 0);
  }

  @Test
  void scaler() {
    Service s = service(m, "scaler");
    assertScale(s, 1, 5, 250, 512);
    Scale.Targets targets = s.scale().targets();
    assertThat(List.of(targets.cpu(), targets.memory(), targets.requests())).containsExactly(50, 75, 200);
    assertThat(targets.custom()).containsExactly(
        new Scale.Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "max", 200.0, Map.of("QueueName", "testqueue")));
  }

  @Test
  void inheritIsProxyWithItsOwnCommand() {
    assertProxyLike(service(m, "inherit"), "inherit");
  }

  @Test
  void agent() {
    Service s = service(m, "agent");
    assertThat(s.agent().enabled()).isTrue();
    assertThat(s.agent().ports()).isEmpty();
    assertThat(s.ports()).containsExactly(new PortSpec(5000, "udp"), new PortSpec(5001, "tcp"), new PortSpec(5002, "tcp"));
    assertThat(s.deployment()).isEqualTo(new Deployment(0, 100));
    assertThat(s.port()).isNull();
  }

  @Test
  void secured() {
    Service s = service(m, "secured");
    assertThat(s.build().path()).isEqualTo(".");
    assertThat(s.port()).isEqualTo(new Port(8080, "http"));
    SecurityContext sc = s.securityContext();
    assertThat(sc.runAsNonRoot()).isTrue();
    assertThat(sc.runAsUser()).isEqualTo(1000L);
    assertThat(sc.runAsGroup()).isEqualTo(1000L);
    assertThat(sc.readOnlyRootFilesystem()).isTrue();
    assertThat(sc.allowPrivilegeEscalation()).isFalse();
    assertThat(sc.capabilitiesDrop()).containsExactly("ALL");
    assertThat(sc.capabilitiesAdd()).containsExactly("NET_BIND_SERVICE");
    assertThat(sc.seccompProfile()).isEqualTo("RuntimeDefault");
  }

  @Test
  void timersAreNormalisedToFiveFieldCron() {
    assertThat(m.timers()).extracting(Timer::name).containsExactly("alpha", "bravo", "charlie");
    assertThat(m.timers()).extracting(Timer::command).containsExactly("bin/alpha", "bin/bravo", "bin/charlie");
    assertThat(m.timers()).extracting(Timer::service).containsOnly("api");
    // Written as "*/1 * * * ? *", "*/1 * * * ?" and "*/1 * * * *"; normalised before validation,
    // so "schedule cannot contain ?" does not fire.
    assertThat(m.timers()).extracting(Timer::schedule).containsOnly("*/1 * * * *");
  }

  @Test
  void environmentResolution() {
    List<EnvEntry> api = m.environmentOf(service(m, "api"));
    assertThat(Environment.resolve(api, ENV)).containsOnly(
        entry("DEFAULT", "test"), entry("DEVELOPMENT", "false"), entry("GLOBAL", "true"), entry("OTHERGLOBAL", "test"), entry("SECRET", "shh"));
    assertThat(Environment.defaults(api)).containsOnly(entry("DEFAULT", "test"), entry("DEVELOPMENT", "false"), entry("GLOBAL", "true"));
    assertThat(Environment.keys(api)).isEqualTo("DEFAULT,DEVELOPMENT,GLOBAL,OTHERGLOBAL,SECRET");
    List<EnvEntry> proxy = m.environmentOf(service(m, "proxy"));
    assertThat(Environment.defaults(proxy)).containsOnly(entry("DEVELOPMENT", "true"), entry("GLOBAL", "true"));
    assertThat(Environment.keys(proxy)).isEqualTo("DEVELOPMENT,GLOBAL,OTHERGLOBAL,SECRET");
  }

  @Test
  void emptyEnvFails() {
    ParseResult empty = convox("full.yml", Map.of());
    assertThat(empty.manifest()).isEmpty();
    assertExactError(empty, "required env: OTHERGLOBAL, SECRET");
  }

  @Test
  void backwardCompatibleScale() {
    Manifest compat = loaded(convox("full.yml", Map.of("REQUIRED", "x", "OTHERGLOBAL", "y", "SECRET", "z")));
    for (Service s : compat.services()) {
      assertThat(s.scale().declaredMin()).as(s.name()).isNull();
      assertThat(s.scale().declaredMax()).as(s.name()).isNull();
      assertThat(s.scale().autoscaleEnabled()).as(s.name()).isFalse();
    }
  }

  private void assertProxyLike(Service s, String command) {
    assertThat(s.command().isShell()).as("a string command stays a string in v3").isTrue();
    assertThat(s.command().shell()).isEqualTo(command);
    assertThat(s.deployment()).isEqualTo(new Deployment(50, 200));
    assertThat(s.domains()).containsExactly("bar.example.org", "*.example.org");
    assertThat(s.health()).isEqualTo(new Health("/auth", 5, 5, 4, false));
    assertThat(s.image()).isEqualTo("ubuntu:16.04");
    assertThat(s.init()).isTrue();
    assertThat(env(s.environment())).containsExactly("SECRET");
    assertThat(s.port()).isEqualTo(new Port(2000, "https"));
    assertScale(s, 1, 1, 512, 1024);
    assertThat(s.sticky()).isFalse();
    assertThat(s.terminationGrace()).isEqualTo(30);
    assertThat(s.timeout()).isEqualTo(60);
    assertThat(s.tlsRedirect()).isTrue();
  }
}
