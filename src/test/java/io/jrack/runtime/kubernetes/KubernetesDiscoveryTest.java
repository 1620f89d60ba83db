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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * What the cluster's DNS answers a pod of the service, modelled on the objects the rack applied: the
   * name tried with each entry of the pod's search list ({@code ndots:5}: every name here is searched
   * first), as a Service's cluster name or through the rack's CoreDNS rewrite rule; the first that
   * names a Service must be the target's, on its port, carrying the alias annotation.
   */
  @Override
  protected void assertResolves(DiscoveryCases.Resolves r) {
    String ns = "dev-" + r.app();
    var pod = cluster.client.apps().deployments().inNamespace(ns).withName(r.service()).get().getSpec().getTemplate().getSpec();
    assertThat(pod.getDnsConfig().getSearches()).containsExactly(r.app() + ".dev.local", "dev.local");
    List<String> search = new ArrayList<>(List.of(ns + ".svc.cluster.local", "svc.cluster.local", "cluster.local"));
    search.addAll(pod.getDnsConfig().getSearches());
    List<String> candidates = new ArrayList<>(search.stream().map(d -> r.name() + "." + d).toList());
    candidates.add(r.name());
    Pattern alias = Pattern.compile(ClusterDns.aliasPattern("dev"));
    String found = null;
    for (String candidate : candidates) {
      Matcher m = alias.matcher(candidate + ".");
      String asked = m.matches() ? ClusterDns.clusterTemplate("dev").replace("{1}", m.group(1)).replace("{2}", m.group(2)) : candidate + ".";
      Matcher svc = Pattern.compile("^([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local\\.$").matcher(asked);
      if (svc.matches() && cluster.client.services().inNamespace(svc.group(2)).withName(svc.group(1)).get() != null) {
        found = asked;
        break;
      }
    }
    assertThat(found).as("%s from %s/%s (tried %s)", r.name(), r.app(), r.service(), candidates)
        .isEqualTo("%s.dev-%s.svc.cluster.local.".formatted(r.target(), r.targetApp()));
    var target = cluster.client.services().inNamespace("dev-" + r.targetApp()).withName(r.target()).get();
    assertThat(target.getSpec().getPorts()).anyMatch(p -> p.getPort() == r.port());
    assertThat(target.getMetadata().getAnnotations()).containsEntry("jrack.io/dns-name", "%s.%s.dev.local".formatted(r.target(), r.targetApp()));
  }

  @Override
  protected void assertNothingRuns(String app) {
    assertThat(cluster.client.namespaces().withName("dev-" + app).get()).isNull();
    assertThat(cluster.client.apps().deployments().inNamespace("dev-" + app).list().getItems()).isEmpty();
  }
}
