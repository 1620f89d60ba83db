package io.jrack.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.Service;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.Routing;
import io.jrack.runtime.RuntimeFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes runtime on its own, against fabric8's CRUD mock: what each manifest field becomes. */
class KubernetesRuntimeTest {
  MockCluster cluster;
  KubernetesRuntime runtime;
  final Map<String, String> params = new ConcurrentHashMap<>(Map.of("RouterHost", "dev.localhost", "BuildRegistry", "registry.test/team"));
  final List<String> logs = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = new MockCluster().settling();
    runtime = new KubernetesRuntime(cluster.server.createClient(), "dev", () -> params, (app, source, text) -> logs.add(source + " " + text),
        new KubernetesRuntime.Timing(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    runtime.close();
    cluster.close();
  }

  static Manifest manifest(String yaml) {
    var parsed = ManifestParser.builder().build().parseText(yaml);
    assertThat(parsed.ok()).as(parsed.diagnostics().toString()).isTrue();
    return parsed.manifest().get();
  }

  static AppRelease release(String app, String id, Manifest m) {
    List<Routing.Route> routes = new ArrayList<>();
    for (Service s : m.services()) {
      if (s.hasPort()) {
        List<String> hosts = new ArrayList<>();
        if (!s.internal()) {
          hosts.add(app + "-" + s.name() + ".dev.localhost");
          hosts.addAll(s.domains());
        }
        routes.add(new Routing.Route(s.name(), hosts, s.internal(), null));
      }
    }
    Map<String, Map<String, String>> env = new java.util.LinkedHashMap<>();
    m.services().forEach(s -> env.put(s.name(), Map.of("RELEASE", id, "SERVICE", s.name())));
    return new AppRelease(app, id, m, env, Map.of(), routes);
  }

  @Test
  void everyServiceFieldThatMatters(@TempDir Path build) throws Exception {
    Manifest m = manifest("""
        services:
          web:
            image: nginx:1.27
            port: 8080
            ports:
              - 5000
              - 5353/udp
            domain: www.example.com
            command: [nginx, -g, daemon off;]
            health:
              path: /healthz
              interval: 7
              timeout: 3
              grace: 11
            deployment:
              minimum: 25
              maximum: 150
            termination:
              grace: 45
            scale:
              count: 3
              cpu: 500
              memory: 1024
        """);
    runtime.deploy(release("site", "R1", m), build);
    var d = cluster.client.apps().deployments().inNamespace("dev-site").withName("web").get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("75%");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("50%");
    assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(45L);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("nginx:1.27");
    assertThat(c.getArgs()).containsExactly("nginx", "-g", "daemon off;");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(7);
    assertThat(c.getReadinessProbe().getTimeoutSeconds()).isEqualTo(3);
    assertThat(c.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(11);
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
    assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("1024Mi");
    assertThat(cluster.client.batch().v1().jobs().inAnyNamespace().list().getItems()).as("image: is used as is, nothing built").isEmpty();

    var svc = cluster.client.services().inNamespace("dev-site").withName("web").get();
    assertThat(svc.getSpec().getPorts()).extracting(p -> p.getPort() + "/" + p.getProtocol()).containsExactly("8080/TCP", "5000/TCP", "5353/UDP");
    var ingress = cluster.client.network().v1().ingresses().inNamespace("dev-site").withName("web").get();
    assertThat(ingress.getSpec().getRules()).extracting(r -> r.getHost()).containsExactly("site-web.dev.localhost", "www.example.com");
    assertThat(ingress.getSpec().getIngressClassName()).as("no IngressClass param: the cluster's default class").isNull();
    assertThat(ingress.getSpec().getTls()).as("no issuer: no TLS section").isNullOrEmpty();
    assertThat(cluster.client.network().v1().networkPolicies().inNamespace("dev-site").list().getItems()).isEmpty();
  }

  @Test
  void aServiceLeftOutOfTheManifestIsDeleted(@TempDir Path build) throws Exception {
    runtime.deploy(release("two", "R1", manifest("services:\n  a:\n    image: x:1\n    port: 80\n  b:\n    image: x:1\n    port: 80\n    internal: true\n")), build);
    assertThat(cluster.client.apps().deployments().inNamespace("dev-two").list().getItems()).hasSize(2);
    runtime.deploy(release("two", "R2", manifest("services:\n  a:\n    image: x:1\n    port: 80\n")), build);
    assertThat(cluster.client.apps().deployments().inNamespace("dev-two").list().getItems()).extracting(d -> d.getMetadata().getName()).containsExactly("a");
    assertThat(cluster.client.services().inNamespace("dev-two").withName("b").get()).isNull();
    assertThat(cluster.client.secrets().inNamespace("dev-two").withName("b-env").get()).isNull();
    assertThat(cluster.client.network().v1().networkPolicies().inNamespace("dev-two").list().getItems()).isEmpty();
    assertThat(logs).anyMatch(l -> l.contains("deleted") && l.contains("Deployment/b"));
  }

  @Test
  void buildWithoutRegistryIsAClearProblem(@TempDir Path build) {
    params.remove("BuildRegistry");
    List<String> problems = runtime.check(manifest("services:\n  web:\n    build: .\n    port: 3000\n"), build);
    assertThat(problems).singleElement().asString().contains("service web uses build:", "BuildRegistry", "convox rack params set BuildRegistry=");
    assertThatThrownBy(() -> runtime.deploy(release("b", "R1", manifest("services:\n  web:\n    build: .\n    port: 3000\n")), build))
        .isInstanceOf(RuntimeFailure.class).hasMessageContaining("BuildRegistry");
  }

  @Test
  void aFailedBuildIsReportedWithItsReason(@TempDir Path dir) throws Exception {
    Path build = Files.createDirectories(dir.resolve("BFAILED"));
    Files.writeString(build.resolve("Dockerfile"), "FROM scratch\n");
    cluster.close();
    cluster = new MockCluster(); // no settling: this test plays the job controller itself
    runtime = new KubernetesRuntime(cluster.server.createClient(), "dev", () -> params, (a, s, t) -> {},
        new KubernetesRuntime.Timing(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(50)));
    Thread failer = Thread.ofVirtual().start(() -> {
      while (true) {
        Job j = cluster.client.batch().v1().jobs().inNamespace("dev-bf").withName("build-bfailed").get();
        if (j != null) {
          j.setStatus(new JobStatusBuilder().withFailed(1).build());
          cluster.client.batch().v1().jobs().inNamespace("dev-bf").resource(j).updateStatus();
          return;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    assertThatThrownBy(() -> runtime.deploy(release("bf", "R1", manifest("services:\n  web:\n    build: .\n    port: 3000\n")), build))
        .isInstanceOf(RuntimeFailure.class).hasMessageContaining("build job build-bfailed failed");
    failer.join();
    assertThat(cluster.client.apps().deployments().inNamespace("dev-bf").list().getItems()).as("nothing deployed after a failed build").isEmpty();
    var cm = cluster.client.configMaps().inNamespace("dev-bf").withName("build-bfailed-source").get();
    assertThat(cm.getBinaryData()).containsKey("source.tar.gz");
  }

  @Test
  void resourcesRunAsStatefulSetsAtClusterNames() throws Exception {
    Manifest m = manifest("resources:\n  db:\n    type: postgres\n    options:\n      version: \"15\"\n      storage: \"20\"\n  cache:\n    type: redis\n"
        + "services:\n  web:\n    image: x:1\n    resources:\n      - db\n      - cache\n");
    Map<String, ResourceEndpoint> out = runtime.provision("shop", m.resources(), Map.of(
        "db", new ResourceEndpoint("postgres", "127.0.0.1", 45001, "app", "s3cret", "app"),
        "cache", new ResourceEndpoint("redis", "127.0.0.1", 45002, null, "pw", null)));
    assertThat(out.get("db").url()).isEqualTo("postgres://app:s3cret@db.dev-shop.svc.cluster.local:5432/app");
    assertThat(out.get("cache").url()).isEqualTo("redis://cache.dev-shop.svc.cluster.local:6379");
    var sts = cluster.client.apps().statefulSets().inNamespace("dev-shop").withName("db").get();
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("postgres:15");
    assertThat(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anyMatch(e -> e.getName().equals("POSTGRES_PASSWORD") && e.getValueFrom().getSecretKeyRef().getName().equals("db-credentials"));
    assertThat(cluster.client.services().inNamespace("dev-shop").withName("db").get().getSpec().getPorts().get(0).getPort()).isEqualTo(5432);
    assertThat(cluster.client.secrets().inNamespace("dev-shop").withName("db-credentials").get().getData()).containsKeys("user", "password", "database");
    assertThat(cluster.client.apps().statefulSets().inNamespace("dev-shop").withName("cache").get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("redis:7");
    // A redeploy of the release leaves resources alone: they are not the release's to prune.
    runtime.deploy(release("shop", "R1", m), Path.of("."));
    assertThat(cluster.client.apps().statefulSets().inNamespace("dev-shop").list().getItems()).hasSize(2);
    assertThat(cluster.client.secrets().inNamespace("dev-shop").withName("db-credentials").get()).isNotNull();
  }

  @Test
  void serviceEndpointIsTheClusterName() {
    assertThat(runtime.serviceEndpoint("shop", "api", 3000).orElseThrow().url()).isEqualTo("http://api.dev-shop.svc.cluster.local:3000");
  }
}
