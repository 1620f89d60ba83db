package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects that run a rack inside a cluster ({@code convox rack install kubernetes}): its
 * namespace {@code jrack-<rack>}, a ServiceAccount bound to a ClusterRole with only the verbs the
 * Kubernetes runtime uses, a PVC for its store, one replica (the store is one SQLite file, so the
 * Deployment recreates rather than surges) and a Service for its API. The role is cluster-wide
 * because each app gets a namespace the rack creates; it can not read anything outside what it
 * manages (no nodes, no cluster roles, no CRDs).
 */
final class RackInstall {
  static final int API_PORT = 5080;
  private static final List<String> WRITE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private RackInstall() {}

  static List<HasMetadata> objects(String rack, String image, String storage) {
    String ns = "jrack-" + rack;
    String name = "jrack-" + rack;
    // Ordered maps only: the YAML must be the same on every run, for diffs and for the applied hash.
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Names.MANAGED_BY, "jrack");
    labels.put(Names.RACK, rack);
    labels.put(Names.ROLE, "rack");
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(Names.RACK, rack);
    selector.put(Names.ROLE, "rack");
    List<PolicyRule> rules = List.of(
        rule("", List.of("namespaces"), List.of("get", "list", "watch", "create", "delete")),
        rule("", List.of("secrets", "services", "configmaps"), WRITE),
        rule("", List.of("pods"), List.of("get", "list", "watch", "delete")),
        rule("", List.of("pods/log"), List.of("get")),
        rule("apps", List.of("deployments", "statefulsets"), WRITE),
        rule("networking.k8s.io", List.of("ingresses", "networkpolicies"), WRITE),
        rule("batch", List.of("jobs"), List.of("get", "list", "watch", "create", "delete")));
    return List.of(
        new NamespaceBuilder().withNewMetadata().withName(ns).withLabels(labels).endMetadata().build(),
        new ServiceAccountBuilder().withNewMetadata().withName("jrack").withNamespace(ns).withLabels(labels).endMetadata().build(),
        new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withRules(rules).build(),
        new ClusterRoleBindingBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
            .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(name).endRoleRef()
            .addNewSubject().withKind("ServiceAccount").withName("jrack").withNamespace(ns).endSubject().build(),
        new PersistentVolumeClaimBuilder().withNewMetadata().withName("jrack-store").withNamespace(ns).withLabels(labels).endMetadata()
            .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity(storage)).endResources().endSpec().build(),
        new DeploymentBuilder().withNewMetadata().withName("jrack").withNamespace(ns).withLabels(labels).endMetadata()
            .withNewSpec().withReplicas(1)
              .withNewSelector().withMatchLabels(selector).endSelector()
              .withNewStrategy().withType("Recreate").endStrategy()
              .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withServiceAccountName("jrack")
                  .addNewContainer().withName("rack").withImage(image)
                    .withArgs("rack", "start", "--runtime", "kubernetes", "--name", rack, "--dir", "/var/lib/jrack",
                        "--api-host", "0.0.0.0", "--api-port", Integer.toString(API_PORT))
                    .addNewPort().withName("api").withContainerPort(API_PORT).endPort()
                    .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(API_PORT)).endTcpSocket().withPeriodSeconds(5).endReadinessProbe()
                    .addNewVolumeMount().withName("store").withMountPath("/var/lib/jrack").endVolumeMount()
                  .endContainer()
                  .addNewVolume().withName("store").withNewPersistentVolumeClaim().withClaimName("jrack-store").endPersistentVolumeClaim().endVolume()
                .endSpec()
              .endTemplate()
            .endSpec().build(),
        new ServiceBuilder().withNewMetadata().withName("jrack").withNamespace(ns).withLabels(labels).endMetadata()
            .withNewSpec().withType("ClusterIP").withSelector(selector)
              .addNewPort().withName("api").withPort(API_PORT).withTargetPort(new IntOrString(API_PORT)).endPort()
            .endSpec().build());
  }

  private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
  }
}
