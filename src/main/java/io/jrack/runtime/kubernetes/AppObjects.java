package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.jrack.manifest.Health;
import io.jrack.manifest.PortSpec;
import io.jrack.manifest.Service;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.Routing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A release as Kubernetes objects, computed without a cluster: the app's namespace, then per
 * service a Secret with its environment, a Deployment, a ClusterIP Service for its ports, an
 * Ingress for its host names (public services) or a NetworkPolicy (internal ones). Deploy applies
 * exactly this list; render prints it.
 */
public final class AppObjects {
  static final String ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";

  private AppObjects() {}

  /** {@code images} names the image of every service (built ones included). */
  public static List<HasMetadata> of(String rack, AppRelease release, ClusterParams params, Map<String, String> images) {
    String app = release.app();
    String ns = Names.namespace(rack, app);
    List<HasMetadata> out = new ArrayList<>();
    out.add(new NamespaceBuilder().withNewMetadata().withName(ns).withLabels(Names.appLabels(rack, app)).endMetadata().build());
    Map<String, Routing.Route> routes = new LinkedHashMap<>();
    release.routes().forEach(r -> routes.put(r.service(), r));
    for (Service s : release.manifest().services()) {
      Map<String, String> env = release.environments().getOrDefault(s.name(), Map.of());
      out.add(secret(rack, app, ns, s, env));
      out.add(deployment(rack, release, ns, s, images.get(s.name()), env));
      if (s.hasPort() || !s.ports().isEmpty()) {
        out.add(service(rack, app, ns, s));
      }
      Routing.Route route = routes.get(s.name());
      if (s.servedPublicly() && route != null && !route.hosts().isEmpty()) {
        out.add(ingress(rack, app, ns, s, route.hosts(), params));
      }
      if (s.internal() && !s.internalAndExternal()) {
        out.add(networkPolicy(rack, app, ns, s));
      }
    }
    return out;
  }

  /**
   * The environment goes in a Secret, never inline in the Deployment, where anyone who can read
   * specs sees it. {@code HOST} is 0.0.0.0 (the process runtime says 127.0.0.1): a pod is reached
   * on its own IP by probes and Services; the app's own HOST wins, as there.
   */
  private static HasMetadata secret(String rack, String app, String ns, Service s, Map<String, String> env) {
    Map<String, String> data = new TreeMap<>();
    Map<String, String> all = new TreeMap<>();
    all.put("HOST", "0.0.0.0");
    all.putAll(env);
    all.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withNewMetadata().withName(Names.envSecret(s.name())).withNamespace(ns)
        .withLabels(Names.serviceLabels(rack, app, s.name())).endMetadata()
        .withType("Opaque").withData(data).build();
  }

  private static HasMetadata deployment(String rack, AppRelease release, String ns, Service s, String image, Map<String, String> env) {
    String app = release.app();
    Map<String, String> podLabels = Names.serviceLabels(rack, app, s.name());
    podLabels.put(Names.RELEASE, release.release());
    return new DeploymentBuilder()
        .withNewMetadata().withName(s.name()).withNamespace(ns).withLabels(Names.serviceLabels(rack, app, s.name())).endMetadata()
        .withNewSpec()
          .withReplicas(s.scale().count())
          .withNewSelector().withMatchLabels(Names.selector(app, s.name())).endSelector()
          .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
            .withMaxUnavailable(new IntOrString(maxUnavailable(s))).withMaxSurge(new IntOrString(maxSurge(s)))
          .endRollingUpdate().endStrategy()
          .withNewTemplate()
            // The env hash rolls the pods when only the Secret changed: pods read env at start.
            .withNewMetadata().withLabels(podLabels).addToAnnotations("jrack.io/env", Applied.hash(new TreeMap<>(env))).endMetadata()
            .withNewSpec()
              .withTerminationGracePeriodSeconds((long) s.terminationGrace())
              .withEnableServiceLinks(false)
              .withNewDnsConfig().withSearches(ClusterDns.searches(rack, app)).endDnsConfig()
              .withContainers(container(s, image))
            .endSpec()
          .endTemplate()
        .endSpec().build();
  }

  private static Container container(Service s, String image) {
    ContainerBuilder c = new ContainerBuilder().withName(s.name()).withImage(image)
        .addNewEnvFrom().withNewSecretRef().withName(Names.envSecret(s.name())).endSecretRef().endEnvFrom()
        .withPorts(containerPorts(s))
        .withNewResources()
          .addToRequests("cpu", new Quantity(s.scale().cpu() + "m"))
          .addToRequests("memory", new Quantity(s.scale().memory() + "Mi"))
        .endResources();
    if (s.command() != null) {
      // command: replaces the image's CMD, as in Convox; a string runs under sh -c.
      c.withArgs(s.command().argv());
    }
    readiness(s).ifPresent(c::withReadinessProbe);
    if (s.liveness().enabled()) {
      c.withNewLivenessProbe().withNewHttpGet().withPath(s.liveness().path())
          .withPort(new IntOrString(s.liveness().port() == null ? s.port().port() : s.liveness().port().port())).endHttpGet()
          .withInitialDelaySeconds(s.liveness().grace()).withPeriodSeconds(s.liveness().interval())
          .withTimeoutSeconds(s.liveness().timeout()).withSuccessThreshold(s.liveness().successThreshold())
          .withFailureThreshold(s.liveness().failureThreshold()).endLivenessProbe();
    }
    return c.build();
  }

  /** {@code health:} as a readiness probe on the service port: a pod takes traffic once its path answers. */
  static java.util.Optional<Probe> readiness(Service s) {
    Health h = s.health();
    if (!s.hasPort() || h.disabled()) {
      return java.util.Optional.empty();
    }
    int port = h.port() == null ? s.port().port() : h.port().port();
    String scheme = h.port() != null && h.port().scheme() != null ? h.port().scheme() : s.port().scheme();
    return java.util.Optional.of(new ProbeBuilder()
        .withNewHttpGet().withPath(h.path()).withPort(new IntOrString(port)).withScheme(scheme.toUpperCase(Locale.ROOT)).endHttpGet()
        .withInitialDelaySeconds(h.grace()).withPeriodSeconds(h.interval()).withTimeoutSeconds(h.timeout())
        .build());
  }

  /** Convox v3: at least {@code minimum}% stay available, so up to 100-minimum% may be down. */
  static String maxUnavailable(Service s) {
    int v = Math.max(0, 100 - s.deployment().minimum());
    // Kubernetes refuses 0 and 0; minimum 100 with maximum 100 then surges by one pod.
    return v + "%";
  }

  /** Convox v3: up to {@code maximum}% may run during a rollout, so maximum-100% extra. */
  static String maxSurge(Service s) {
    int surge = Math.max(0, s.deployment().maximum() - 100);
    if (surge == 0 && 100 - s.deployment().minimum() <= 0) {
      return "1";
    }
    return surge + "%";
  }

  private static List<ContainerPort> containerPorts(Service s) {
    List<ContainerPort> out = new ArrayList<>();
    if (s.hasPort()) {
      out.add(new ContainerPortBuilder().withName("main").withContainerPort(s.port().port()).withProtocol("TCP").build());
    }
    for (PortSpec p : s.ports()) {
      out.add(new ContainerPortBuilder().withName(portName(p)).withContainerPort(p.port()).withProtocol(p.protocol().toUpperCase(Locale.ROOT)).build());
    }
    return out;
  }

  private static String portName(PortSpec p) {
    return p.protocol().toLowerCase(Locale.ROOT) + "-" + p.port();
  }

  private static HasMetadata service(String rack, String app, String ns, Service s) {
    List<ServicePort> ports = new ArrayList<>();
    if (s.hasPort()) {
      ports.add(new ServicePortBuilder().withName("main").withPort(s.port().port()).withTargetPort(new IntOrString(s.port().port())).withProtocol("TCP").build());
    }
    for (PortSpec p : s.ports()) {
      ports.add(new ServicePortBuilder().withName(portName(p)).withPort(p.port()).withTargetPort(new IntOrString(p.port()))
          .withProtocol(p.protocol().toUpperCase(Locale.ROOT)).build());
    }
    return new ServiceBuilder().withNewMetadata().withName(s.name()).withNamespace(ns).withLabels(Names.serviceLabels(rack, app, s.name()))
        .addToAnnotations(ClusterDns.ALIAS, ClusterDns.alias(rack, app, s.name())).endMetadata()
        .withNewSpec().withType("ClusterIP").withSelector(Names.selector(app, s.name())).withPorts(ports).endSpec().build();
  }

  private static HasMetadata ingress(String rack, String app, String ns, Service s, List<String> hosts, ClusterParams params) {
    List<IngressRule> rules = new ArrayList<>();
    for (String host : hosts) {
      rules.add(new IngressRuleBuilder().withHost(host).withNewHttp().withPaths(new HTTPIngressPathBuilder().withPath("/").withPathType("Prefix")
          .withNewBackend().withNewService().withName(s.name()).withNewPort().withNumber(s.port().port()).endPort().endService().endBackend()
          .build()).endHttp().build());
    }
    IngressBuilder b = new IngressBuilder().withNewMetadata().withName(s.name()).withNamespace(ns).withLabels(Names.serviceLabels(rack, app, s.name())).endMetadata()
        .withNewSpec().withIngressClassName(params.ingressClass()).withRules(rules).endSpec();
    if (params.tlsIssuer() != null) {
      b.editMetadata().addToAnnotations(ISSUER_ANNOTATION, params.tlsIssuer()).endMetadata()
          .editSpec().withTls(new IngressTLSBuilder().withHosts(hosts).withSecretName(s.name() + "-tls").build()).endSpec();
    }
    return b.build();
  }

  /**
   * An internal service's pods accept traffic only from namespaces of this rack: not from the
   * ingress controller, not from other tenants of the cluster.
   */
  private static HasMetadata networkPolicy(String rack, String app, String ns, Service s) {
    return new NetworkPolicyBuilder().withNewMetadata().withName(s.name() + "-internal").withNamespace(ns)
        .withLabels(Names.serviceLabels(rack, app, s.name())).endMetadata()
        .withNewSpec().withNewPodSelector().withMatchLabels(Names.selector(app, s.name())).endPodSelector()
          .withPolicyTypes("Ingress")
          .addNewIngress().addNewFrom().withNewNamespaceSelector().addToMatchLabels(Names.RACK, rack).endNamespaceSelector().endFrom().endIngress()
        .endSpec().build();
  }
}
