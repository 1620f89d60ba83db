package io.jrack.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.ServiceInfo;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's example on a Kubernetes rack: a real rack (API, store, SDK) whose runtime applies to
 * fabric8's mock API server in CRUD mode, which keeps what is written as a cluster would. Each test
 * has a cluster and a rack of its own, with the app created; those that need it deployed deploy it.
 */
class KubernetesRackTest {
  static final Path NODEDEMO = Path.of("examples/nodedemo");
  static final String NS = "dev-nodedemo";
  MockCluster cluster;
  TestRack rack;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    cluster = new MockCluster().settling();
    rack = TestRack.startKubernetes(dir.resolve("rack"), cluster.server.createClient());
    rack.client.paramsSet(Map.of("BuildRegistry", "registry.test:5000/jrack", "IngressClass", "nginx", "IngressTlsIssuer", "letsencrypt"));
    rack.client.appCreate("nodedemo");
  }

  @AfterEach
  void stop() {
    rack.close();
    cluster.close();
  }

  /** The seed app running on the cluster: Internal=Yes, built and promoted. */
  private Release deployed() throws Exception {
    rack.client.paramsSet(Map.of("Internal", "Yes"));
    Build build = rack.client.buildCreate("nodedemo", SourceTar.of(NODEDEMO), "deployed");
    assertThat(build.status()).as(build.logs()).isEqualTo("complete");
    return rack.client.releasePromote("nodedemo", build.release());
  }

  @Test
  void internalWithoutInternalYesIsRefusedBeforeAnythingIsApplied() throws Exception {
    Build build = rack.client.buildCreate("nodedemo", SourceTar.of(NODEDEMO), "first");
    assertThat(build.status()).as(build.logs()).isEqualTo("complete");
    assertThatThrownBy(() -> rack.client.releasePromote("nodedemo", build.release()))
        .isInstanceOf(ProviderException.class).hasMessageContaining("rack does not support internal services");
    assertThat(cluster.client.namespaces().withName(NS).get()).isNull();
    assertThat(cluster.client.batch().v1().jobs().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void deploysTheSeedExample() throws Exception {
    rack.client.paramsSet(Map.of("Internal", "Yes"));
    Build build = rack.client.buildCreate("nodedemo", SourceTar.of(NODEDEMO), "second");
    rack.client.releasePromote("nodedemo", build.release());
    assertThat(rack.client.appGet("nodedemo").release()).isEqualTo(build.release());

    var ns = cluster.client.namespaces().withName(NS).get();
    assertThat(ns.getMetadata().getLabels()).containsEntry("jrack.io/rack", "dev").containsEntry("jrack.io/app", "nodedemo");

    // Built in the cluster by Kaniko, pushed to BuildRegistry: web and api share their source, so one build and one image.
    String image = "registry.test:5000/jrack/dev-nodedemo:" + build.id().toLowerCase();
    var jobs = cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems();
    assertThat(jobs).extracting(j -> j.getMetadata().getName()).containsExactly("build-" + build.id().toLowerCase());
    assertThat(jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--destination=" + image, "--dockerfile=Dockerfile");
    assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("api").get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(image);

    Map<String, String> webEnv = env("web-env");
    assertThat(webEnv).containsEntry("API_URL", "http://api.dev-nodedemo.svc.cluster.local:3000")
        .containsEntry("PORT", "3000").containsEntry("HOST", "0.0.0.0").containsEntry("RELEASE", build.release())
        .containsEntry("APP", "nodedemo").containsEntry("RACK", "dev").containsEntry("SERVICE", "web");
    assertThat(env("api-env")).doesNotContainKey("API_URL").containsEntry("SERVICE", "api");
    // The example's database runs in the app's namespace; web reaches it by its cluster name.
    assertThat(webEnv.get("DATABASE_URL")).matches("postgres://[^:]+:[^@]+@database\\.dev-nodedemo\\.svc\\.cluster\\.local:5432/.+");
    assertThat(webEnv).containsEntry("DATABASE_HOST", "database.dev-nodedemo.svc.cluster.local").containsEntry("DATABASE_PORT", "5432");
    var db = cluster.client.apps().statefulSets().inNamespace(NS).withName("database").get();
    assertThat(db.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).startsWith("postgres:");
    assertThat(cluster.client.services().inNamespace(NS).withName("database").get().getSpec().getPorts().get(0).getPort()).isEqualTo(5432);

    Deployment web = cluster.client.apps().deployments().inNamespace(NS).withName("web").get();
    assertThat(web.getSpec().getReplicas()).isEqualTo(1);
    assertThat(web.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(web.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("50%");
    assertThat(web.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("100%");
    assertThat(web.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    Container c = web.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo(image);
    // web runs its image's CMD (the example's Dockerfile); api's command: becomes its container's args.
    assertThat(c.getArgs()).isEmpty();
    assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("api").get().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("sh", "-c", "java Api.java");
    assertThat(c.getEnv()).as("no env inline in the Deployment").isEmpty();
    assertThat(c.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("web-env");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(3000);
    assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
    assertThat(c.getReadinessProbe().getTimeoutSeconds()).isEqualTo(4);
    assertThat(c.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(5);
    assertThat(web.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("jrack.io/app", "nodedemo", "jrack.io/service", "web"));

    var api = cluster.client.services().inNamespace(NS).withName("api").get();
    assertThat(api.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(api.getSpec().getPorts().get(0).getPort()).isEqualTo(3000);
    assertThat(api.getSpec().getSelector()).isEqualTo(Map.of("jrack.io/app", "nodedemo", "jrack.io/service", "api"));

    Ingress ingress = cluster.client.network().v1().ingresses().inNamespace(NS).withName("web").get();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("nodedemo-web.dev.localhost");
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName()).isEqualTo("web");
    assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
    assertThat(ingress.getSpec().getTls().get(0).getHosts()).containsExactly("nodedemo-web.dev.localhost");
    assertThat(cluster.client.network().v1().ingresses().inNamespace(NS).list().getItems()).as("no Ingress for internal api").hasSize(1);

    List<NetworkPolicy> policies = cluster.client.network().v1().networkPolicies().inNamespace(NS).list().getItems();
    assertThat(policies).hasSize(1);
    NetworkPolicy p = policies.get(0);
    assertThat(p.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("jrack.io/app", "nodedemo", "jrack.io/service", "api"));
    assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(p.getSpec().getIngress()).hasSize(1);
    assertThat(p.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("jrack.io/rack", "dev"));
    assertThat(p.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()).isNull();
  }

  @Test
  void renderPrintsExactlyWhatDeployApplied() throws Exception {
    Release active = rack.client.releaseGet("nodedemo", deployed().id());
    String password = io.jrack.discovery.ResourceEndpoint.parse(rack.client.resourceGet("nodedemo", "database").url()).orElseThrow().password();
    String yaml = new Render().render(new io.jrack.rack.ClusterTools.RenderRequest(Files.readString(NODEDEMO.resolve("convox.yml")),
        "nodedemo", "dev", rack.client.paramsGet(), active.env(), active.id(), active.build(), Map.of("database", password)));
    List<HasMetadata> rendered = cluster.client.load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    assertThat(rendered).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
        "Namespace/dev-nodedemo", "Secret/database-credentials", "StatefulSet/database", "Service/database", "Secret/web-env", "Deployment/web", "Service/web", "Ingress/web",
        "Secret/api-env", "Deployment/api", "Service/api", "NetworkPolicy/api-internal");
    for (HasMetadata r : rendered) {
      HasMetadata applied = cluster.client.resource(r).get();
      assertThat(applied).as(r.getKind() + "/" + r.getMetadata().getName()).isNotNull();
      assertThat(comparable(applied)).as(r.getKind() + "/" + r.getMetadata().getName()).isEqualTo(comparable(r));
    }
  }

  /** What the rack wrote: without what the API server adds (versions, uid, timestamps) and without status. */
  private static String comparable(HasMetadata o) {
    HasMetadata copy = io.fabric8.kubernetes.client.utils.Serialization.clone(o);
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setUid(null);
    copy.getMetadata().setCreationTimestamp(null);
    copy.getMetadata().setGeneration(null);
    copy.getMetadata().setManagedFields(null);
    if (copy instanceof Deployment d) {
      d.setStatus(null);
    }
    if (copy instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet st) {
      st.setStatus(null);
    }
    if (copy instanceof io.fabric8.kubernetes.api.model.Namespace n) {
      n.setStatus(null);
    }
    return io.fabric8.kubernetes.client.utils.Serialization.asYaml(copy);
  }

  @Test
  void servicesShowTheIngressHostAndTheClusterName() throws Exception {
    deployed();
    Map<String, ServiceInfo> rows = new LinkedHashMap<>();
    rack.client.serviceList("nodedemo").forEach(s -> rows.put(s.name(), s));
    assertThat(rows.get("web").domain()).isEqualTo("nodedemo-web.dev.localhost");
    assertThat(rows.get("web").ports()).extracting(ServiceInfo.PortMapping::balancer).containsExactly(80, 443);
    assertThat(rows.get("api").domain()).isEqualTo("api.dev-nodedemo.svc.cluster.local");
    assertThat(rows.get("api").ports()).extracting(ServiceInfo.PortMapping::balancer).containsExactly(3000);
  }

  @Test
  void psListsPods() throws Exception {
    Release first = deployed();
    List<ProcessInfo> ps = rack.client.processList("nodedemo");
    assertThat(ps).extracting(ProcessInfo::service).containsExactlyInAnyOrder("web", "api");
    ProcessInfo web = ps.stream().filter(x -> x.service().equals("web")).findFirst().orElseThrow();
    assertThat(web.status()).isEqualTo("running");
    assertThat(web.release()).isEqualTo(first.id());
    assertThat(web.id()).startsWith("web-");
    ProcessInfo api = ps.stream().filter(x -> x.service().equals("api")).findFirst().orElseThrow();
    assertThat(api.command()).isEqualTo("java Api.java");
  }

  @Test
  void redeployChangesOnlyWhatChanged() throws Exception {
    deployed();
    Map<String, String> before = versions();
    Release r = rack.client.envSet("nodedemo", Map.of("GREETING", "hello"), false);
    rack.client.releasePromote("nodedemo", r.id());
    Map<String, String> after = versions();
    // Env is per release (RELEASE): Secrets change, and Deployments roll to read them.
    for (String changed : List.of("Secret/web-env", "Secret/api-env", "Deployment/web", "Deployment/api")) {
      assertThat(after.get(changed)).as(changed).isNotEqualTo(before.get(changed));
    }
    for (String same : List.of("Namespace/dev-nodedemo", "Service/web", "Service/api", "Ingress/web", "NetworkPolicy/api-internal")) {
      assertThat(after.get(same)).as(same).isNotNull().isEqualTo(before.get(same));
    }
    assertThat(env("web-env")).containsEntry("RELEASE", r.id());
  }

  @Test
  void aFailedRolloutIsReportedWithThePodsReasonAndThePreviousReleaseIsApplied() throws Exception {
    deployed();
    String serving = rack.client.appGet("nodedemo").release();
    cluster.crashing.add("web");
    try {
      Release r = rack.client.envSet("nodedemo", Map.of("GREETING", "crash"), false);
      assertThatThrownBy(() -> rack.client.releasePromote("nodedemo", r.id()))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("service web: pod web-" + r.id().toLowerCase())
          .hasMessageContaining("CrashLoopBackOff")
          .hasMessageContaining("last exit code 1");
      assertThat(rack.client.releaseGet("nodedemo", r.id()).status()).isEqualTo("failed");
      assertThat(rack.client.appGet("nodedemo").release()).isEqualTo(serving);
      assertThat(env("web-env")).containsEntry("RELEASE", serving);
    } finally {
      cluster.crashing.remove("web");
    }
  }

  @Test
  void deleteRemovesTheNamespace() throws Exception {
    deployed();
    assertThat(cluster.client.namespaces().withName(NS).get()).isNotNull();
    rack.client.appDelete("nodedemo", true);
    var ns = cluster.client.namespaces().withName(NS).get();
    assertThat(ns).isNull();
  }

  private Map<String, String> env(String secret) {
    Secret s = cluster.client.secrets().inNamespace(NS).withName(secret).get();
    Map<String, String> out = new LinkedHashMap<>();
    s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }

  private Map<String, String> versions() {
    Map<String, String> out = new LinkedHashMap<>();
    List<HasMetadata> all = new java.util.ArrayList<>();
    all.add(cluster.client.namespaces().withName(NS).get());
    all.addAll(cluster.client.secrets().inNamespace(NS).list().getItems());
    all.addAll(cluster.client.apps().deployments().inNamespace(NS).list().getItems());
    all.addAll(cluster.client.services().inNamespace(NS).list().getItems());
    all.addAll(cluster.client.network().v1().ingresses().inNamespace(NS).list().getItems());
    all.addAll(cluster.client.network().v1().networkPolicies().inNamespace(NS).list().getItems());
    for (HasMetadata o : all) {
      // The rack's hash of what it wrote: it changes exactly when the rack rewrote the object (status writes do not count).
      out.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getAnnotations().get("jrack.io/applied") + "@" + spec(o));
    }
    return out;
  }

  private static String spec(HasMetadata o) {
    return o instanceof Deployment d ? String.valueOf(d.getMetadata().getGeneration()) : o.getMetadata().getResourceVersion();
  }
}
