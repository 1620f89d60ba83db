package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ResourceKind;
import io.jrack.manifest.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource ({@code resources:} in convox.yml) as cluster objects: a Secret with its credentials,
 * a StatefulSet running the official image with a volume from {@code options.storage} (GB), and a
 * ClusterIP Service at {@code <resource>.<namespace>.svc.cluster.local}.
 */
final class ResourceObjects {
  private static final Map<String, String> DEFAULT_VERSION = Map.of("postgres", "16", "mysql", "8.0", "mariadb", "11", "redis", "7", "memcached", "1.6");
  private static final Map<String, String> DATA_DIR = Map.of("postgres", "/var/lib/postgresql/data", "mysql", "/var/lib/mysql", "mariadb", "/var/lib/mysql", "redis", "/data");

  private ResourceObjects() {}

  static ResourceKind kind(Resource r) {
    return ResourceKind.of(r.type()).orElseThrow(() -> new IllegalArgumentException(
        "resource %s: type %s is not provided by the Kubernetes runtime (expected: postgres, mysql, mariadb, redis or memcached)".formatted(r.name(), r.type())));
  }

  static String image(Resource r) {
    return r.type() + ":" + r.options().getOrDefault("version", DEFAULT_VERSION.get(r.type()));
  }

  static List<HasMetadata> of(String rack, String app, Resource r, ResourceEndpoint credentials) {
    String ns = Names.namespace(rack, app);
    ResourceKind kind = kind(r);
    Map<String, String> labels = Names.resourceLabels(rack, app, r.name());
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(Names.APP, app);
    selector.put(Names.RESOURCE, r.name());
    String secret = r.name() + "-credentials";
    Map<String, String> data = new LinkedHashMap<>();
    data.put("user", nz(credentials.user()));
    data.put("password", nz(credentials.password()));
    data.put("database", nz(credentials.database()));
    List<HasMetadata> out = new ArrayList<>();
    out.add(new SecretBuilder().withNewMetadata().withName(secret).withNamespace(ns).withLabels(labels).endMetadata()
        .withType("Opaque").withData(base64(data)).build());
    StatefulSetBuilder sts = new StatefulSetBuilder().withNewMetadata().withName(r.name()).withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(1).withServiceName(r.name())
          .withNewSelector().withMatchLabels(selector).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec().addNewContainer().withName(r.type()).withImage(image(r))
              .withArgs(args(r.type(), credentials)).withEnv(env(r.type(), secret))
              .addNewPort().withName("main").withContainerPort(kind.defaultPort()).endPort()
            .endContainer().endSpec()
          .endTemplate()
        .endSpec();
    String dataDir = DATA_DIR.get(r.type());
    if (dataDir != null) {
      String storage = r.options().getOrDefault("storage", "10");
      sts.editSpec().editTemplate().editSpec().editFirstContainer().addNewVolumeMount().withName("data").withMountPath(dataDir).endVolumeMount()
          .endContainer().endSpec().endTemplate()
          .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
              .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity(storage + "Gi")).endResources().endSpec()
              .build())
          .endSpec();
    }
    out.add(sts.build());
    out.add(new ServiceBuilder().withNewMetadata().withName(r.name()).withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec().withType("ClusterIP").withSelector(selector)
          .addNewPort().withName("main").withPort(kind.defaultPort()).withTargetPort(new IntOrString(kind.defaultPort())).endPort()
        .endSpec().build());
    return out;
  }

  /** Where the services reach the resource: its cluster name and usual port, with the rack's credentials. */
  static ResourceEndpoint endpoint(String rack, String app, Resource r, ResourceEndpoint credentials) {
    ResourceKind kind = kind(r);
    return new ResourceEndpoint(kind.scheme(), Names.clusterHost(rack, app, r.name()), kind.defaultPort(),
        credentials.user(), credentials.password(), credentials.database());
  }

  private static List<String> args(String type, ResourceEndpoint c) {
    if (type.equals("redis") && c.password() != null && !c.password().isEmpty()) {
      // redis reads its password from the command line only; $(REDIS_PASSWORD) is expanded by the kubelet.
      return List.of("redis-server", "--requirepass", "$(REDIS_PASSWORD)");
    }
    return List.of();
  }

  private static List<EnvVar> env(String type, String secret) {
    return switch (type) {
      case "postgres" -> List.of(fromSecret("POSTGRES_USER", secret, "user"), fromSecret("POSTGRES_PASSWORD", secret, "password"),
          fromSecret("POSTGRES_DB", secret, "database"), new EnvVarBuilder().withName("PGDATA").withValue("/var/lib/postgresql/data/pgdata").build());
      case "mysql" -> List.of(fromSecret("MYSQL_USER", secret, "user"), fromSecret("MYSQL_PASSWORD", secret, "password"),
          fromSecret("MYSQL_DATABASE", secret, "database"), fromSecret("MYSQL_ROOT_PASSWORD", secret, "password"));
      case "mariadb" -> List.of(fromSecret("MARIADB_USER", secret, "user"), fromSecret("MARIADB_PASSWORD", secret, "password"),
          fromSecret("MARIADB_DATABASE", secret, "database"), fromSecret("MARIADB_ROOT_PASSWORD", secret, "password"));
      case "redis" -> List.of(fromSecret("REDIS_PASSWORD", secret, "password"));
      default -> List.of();
    };
  }

  private static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
  }

  private static Map<String, String> base64(Map<String, String> in) {
    Map<String, String> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, java.util.Base64.getEncoder().encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
