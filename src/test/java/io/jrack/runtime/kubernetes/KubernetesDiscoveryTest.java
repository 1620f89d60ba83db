package io.jrack.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.jrack.testing.DiscoveryCases;
import io.jrack.testing.DiscoveryConformance;
import io.jrack.testing.TestRack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared discovery cases on a Kubernetes rack: environments read from the Secrets the pods load. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesDiscoveryTest extends DiscoveryConformance {
  MockCluster cluster;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    cluster = new MockCluster().settling();
    rack = TestRack.startKubernetes(dir.resolve("rack"), cluster.server.createClient());
    rack.client.paramsSet(Map.of("BuildRegistry", "registry.test/jrack"));
  }

  @AfterAll
  void stop() {
    rack.close();
    cluster.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.jrack.testing.DiscoveryConformance#cases")
  void discovery(DiscoveryCases.Case c, @TempDir Path tmp) throws Exception {
    run(c, tmp);
  }

  @Override
  protected Map<String, String> env(String app, String service) {
    Secret s = cluster.client.secrets().inNamespace("dev-" + app).withName(service + "-env").get();
    assertThat(s).as("env Secret of %s/%s", app, service).isNotNull();
    Map<String, String> out = new LinkedHashMap<>();
    s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }

  /** The cluster DNS name of the target's Service, which exists in the target app's namespace on that port. */
  @Override
  protected void assertLeadsTo(String url, String app, String service, int port) {
    assertThat(url).isEqualTo("http://%s.dev-%s.svc.cluster.local:%d".formatted(service, app, port));
    var svc = cluster.client.services().inNamespace("dev-" + app).withName(service).get();
    assertThat(svc).isNotNull();
    assertThat(svc.getSpec().getPorts()).anyMatch(p -> p.getPort() == port);
  }

  /** The cluster name of the resource's Service, backed by a StatefulSet of the type's image, with the URL's password in its Secret. */
  @Override
  protected void assertResource(String url, String app, String resource, String type) {
    var e = io.jrack.discovery.ResourceEndpoint.parse(url).orElseThrow();
    assertThat(e.scheme()).isEqualTo(type);
    assertThat(e.host()).isEqualTo("%s.dev-%s.svc.cluster.local".formatted(resource, app));
    assertThat(e.port()).isEqualTo(io.jrack.discovery.ResourceKind.of(type).orElseThrow().defaultPort());
    var sts = cluster.client.apps().statefulSets().inNamespace("dev-" + app).withName(resource).get();
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).startsWith(type + ":");
    assertThat(cluster.client.services().inNamespace("dev-" + app).withName(resource).get().getSpec().getPorts().get(0).getPort()).isEqualTo(e.port());
    String stored = cluster.client.secrets().inNamespace("dev-" + app).withName(resource + "-credentials").get().getData().get("password");
    assertThat(new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8)).isEqualTo(e.password() == null ? "" : e.password());
  }

  @Override
  protected void assertNothingRuns(String app) {
    assertThat(cluster.client.namespaces().withName("dev-" + app).get()).isNull();
    assertThat(cluster.client.apps().deployments().inNamespace("dev-" + app).list().getItems()).isEmpty();
  }
}
