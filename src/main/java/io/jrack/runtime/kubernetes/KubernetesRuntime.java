package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jrack.discovery.Endpoint;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.Resource;
import io.jrack.manifest.Service;
import io.jrack.rack.ProcessInfo;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs releases on a Kubernetes cluster: applies {@link AppObjects} into the app's namespace,
 * waits for the rollout, and on a failed rollout applies the previous release's objects again so
 * that what served before still serves. Everything the rack says about a failure names the
 * service and, when there is one, the pod's own reason.
 */
public final class KubernetesRuntime implements AppRuntime {
  /** How long a rollout and an in-cluster build may take, and how often status is read. */
  public record Timing(Duration rollout, Duration build, Duration poll) {
    public static final Timing DEFAULT = new Timing(Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofSeconds(1));
  }

  private static final List<Class<? extends HasMetadata>> RELEASE_KINDS = List.of(
      Deployment.class, io.fabric8.kubernetes.api.model.Service.class, Ingress.class, NetworkPolicy.class, Secret.class);

  private final KubernetesClient client;
  private final String rack;
  private final Supplier<Map<String, String>> params;
  private final LogSink logs;
  private final Timing timing;
  private final Applied applied;
  private final PodLogs podLogs;
  /** The objects of each app's serving release: what a failed rollout goes back to. */
  private final Map<String, List<HasMetadata>> serving = new ConcurrentHashMap<>();

  public KubernetesRuntime(KubernetesClient client, String rack, Supplier<Map<String, String>> params, LogSink logs, Timing timing) {
    this.client = client;
    this.rack = rack;
    this.params = params;
    this.logs = logs;
    this.timing = timing;
    this.applied = new Applied(client);
    this.podLogs = new PodLogs(client, logs);
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public List<String> check(Manifest manifest, Path buildDir) {
    List<String> problems = new ArrayList<>();
    ClusterParams p = ClusterParams.from(params.get());
    for (Service s : manifest.services()) {
      if (s.image() == null && p.buildRegistry() == null) {
        problems.add(("service %s uses build: and the rack has no BuildRegistry, the registry the in-cluster build pushes to: "
            + "run `convox rack params set BuildRegistry=registry.example.com/team`, or use image:").formatted(s.name()));
      }
      if (s.agent().enabled()) {
        problems.add("service %s is an agent: the Kubernetes runtime does not run agents (DaemonSets) yet".formatted(s.name()));
      }
    }
    for (Resource r : manifest.resources()) {
      if (io.jrack.discovery.ResourceKind.of(r.type()).isEmpty()) {
        problems.add("resource %s: type %s is not provided by the Kubernetes runtime (expected: postgres, mysql, mariadb, redis or memcached)".formatted(r.name(), r.type()));
      }
    }
    return problems;
  }

  /** The objects of a release with the images named: what deploy applies and render prints. */
  public static List<HasMetadata> objects(String rack, AppRelease release, ClusterParams params, Map<String, String> images) {
    return Applied.stamped(AppObjects.of(rack, release, params, images));
  }

  @Override
  public void deploy(AppRelease release, Path buildDir) throws RuntimeFailure {
    String app = release.app();
    String ns = Names.namespace(rack, app);
    ClusterParams p = ClusterParams.from(params.get());
    try {
      List<HasMetadata> objects = objects(rack, release, p, images(release, buildDir, p));
      List<String> written = applied.apply(objects);
      Set<String> keep = new HashSet<>();
      objects.forEach(o -> keep.add(o.getKind() + "/" + o.getMetadata().getName()));
      List<String> pruned = applied.prune(ns, app, RELEASE_KINDS, keep);
      logs.line(app, "system/kubernetes", "release %s applied to namespace %s: %s%s".formatted(release.release(), ns,
          written.isEmpty() ? "nothing changed" : String.join(" ", written), pruned.isEmpty() ? "" : "; deleted " + String.join(" ", pruned)));
      List<String> services = release.manifest().services().stream().map(Service::name).toList();
      String problem = new Rollout(client, timing.poll()).await(ns, app, release.release(), services, timing.rollout());
      if (problem != null) {
        rollBack(app, ns, objects);
        throw new RuntimeFailure("rollout failed: " + problem);
      }
      serving.put(app, objects);
      podLogs.follow(app, ns);
    } catch (KubernetesClientException e) {
      throw new RuntimeFailure("the cluster refused the release: " + clientMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure("deploy interrupted");
    }
  }

  /** The image of each service: {@code image:} as is, else built in the cluster for this build. */
  private Map<String, String> images(AppRelease release, Path buildDir, ClusterParams p) throws RuntimeFailure, InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    String ns = Names.namespace(rack, release.app());
    for (Service s : release.manifest().services()) {
      if (s.image() != null) {
        out.put(s.name(), s.image());
        continue;
      }
      if (p.buildRegistry() == null) {
        throw new RuntimeFailure("service %s uses build: and the rack has no BuildRegistry (convox rack params set BuildRegistry=...)".formatted(s.name()));
      }
      String build = buildDir.getFileName().toString();
      String image = BuildJobs.image(p.buildRegistry(), ns, s, build);
      if (!out.containsValue(image)) {
        applied.apply(Applied.stamped(List.of(AppObjects.of(rack, emptyRelease(release), p, Map.of()).get(0))));
        try {
          BuildJobs.run(client, BuildJobs.objects(rack, release.app(), s, build, image, BuildJobs.source(buildDir, s)), timing.build());
        } catch (IOException e) {
          throw new RuntimeFailure("service %s: could not package the source: %s".formatted(s.name(), e.getMessage()));
        }
      }
      out.put(s.name(), image);
    }
    return out;
  }

  /** Only the namespace: builds run in it before the release's objects exist. */
  private static AppRelease emptyRelease(AppRelease r) {
    Manifest m = r.manifest();
    Manifest none = new Manifest(m.dialect(), m.environment(), m.params(), m.resources(), List.of(), m.timers(), m.balancers(), m.extensions(), m.attributes());
    return new AppRelease(r.app(), r.release(), none, Map.of(), Map.of(), List.of());
  }

  private void rollBack(String app, String ns, List<HasMetadata> failed) {
    List<HasMetadata> previous = serving.get(app);
    if (previous == null) {
      logs.line(app, "system/kubernetes", "rollout failed and no earlier release ran here: the failed objects stay for inspection");
      return;
    }
    applied.apply(previous);
    Set<String> keep = new HashSet<>();
    previous.forEach(o -> keep.add(o.getKind() + "/" + o.getMetadata().getName()));
    applied.prune(ns, app, RELEASE_KINDS, keep);
    logs.line(app, "system/kubernetes", "rollout failed: the previous release's objects were applied again");
  }

  @Override
  public Optional<Endpoint> serviceEndpoint(String app, String service, int port) {
    return Optional.of(new Endpoint("http", Names.clusterHost(rack, app, service), port));
  }

  @Override
  public Map<String, ResourceEndpoint> provision(String app, List<Resource> resources, Map<String, ResourceEndpoint> assigned) throws RuntimeFailure {
    Map<String, ResourceEndpoint> out = new LinkedHashMap<>();
    if (assigned.isEmpty()) {
      return out;
    }
    try {
      applied.apply(Applied.stamped(List.of(namespace(app))));
      for (Resource r : resources) {
        ResourceEndpoint credentials = assigned.get(r.name());
        if (credentials == null) {
          // Not wanted: the app's env names its URL (an existing server), so nothing runs for it here.
          continue;
        }
        applied.apply(Applied.stamped(ResourceObjects.of(rack, app, r, credentials)));
        out.put(r.name(), ResourceObjects.endpoint(rack, app, r, credentials));
      }
    } catch (IllegalArgumentException e) {
      throw new RuntimeFailure(e.getMessage());
    } catch (KubernetesClientException e) {
      throw new RuntimeFailure("the cluster refused the resources: " + clientMessage(e));
    }
    return out;
  }

  private HasMetadata namespace(String app) {
    Namespace ns = new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(Names.namespace(rack, app))
        .withLabels(Names.appLabels(rack, app)).endMetadata().build();
    return ns;
  }

  @Override
  public void remove(String app) {
    String ns = Names.namespace(rack, app);
    podLogs.stop(app, ns);
    serving.remove(app);
    client.namespaces().withName(ns).delete();
  }

  @Override
  public List<ProcessInfo> processes(String app) {
    List<ProcessInfo> out = new ArrayList<>();
    String ns = Names.namespace(rack, app);
    for (Pod p : client.pods().inNamespace(ns).withLabel(Names.APP, app).withLabel(Names.SERVICE).withoutLabel(Names.ROLE).list().getItems()) {
      Map<String, String> labels = p.getMetadata().getLabels();
      var c = p.getSpec().getContainers().get(0);
      String command = c.getArgs() == null || c.getArgs().isEmpty() ? "" : io.jrack.runtime.CommandLines.display(c.getArgs());
      Instant started = p.getStatus() == null || p.getStatus().getStartTime() == null ? null : Instant.parse(p.getStatus().getStartTime());
      int port = c.getPorts() == null || c.getPorts().isEmpty() ? 0 : c.getPorts().get(0).getContainerPort();
      out.add(new ProcessInfo(p.getMetadata().getName(), app, labels.get(Names.SERVICE), status(p), labels.get(Names.RELEASE), started, command,
          p.getStatus() == null ? null : p.getStatus().getPodIP(), port));
    }
    return out;
  }

  /** The pod's phase, lower-cased, or the reason its container is waiting (CrashLoopBackOff...). */
  static String status(Pod p) {
    if (p.getStatus() == null) {
      return "pending";
    }
    if (p.getStatus().getContainerStatuses() != null) {
      for (var cs : p.getStatus().getContainerStatuses()) {
        if (cs.getState() != null && cs.getState().getWaiting() != null && cs.getState().getWaiting().getReason() != null) {
          return cs.getState().getWaiting().getReason() + " (restarts: " + cs.getRestartCount() + ")";
        }
      }
    }
    return p.getStatus().getPhase() == null ? "pending" : p.getStatus().getPhase().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void stop(String app, String processId) {
    // The Deployment's ReplicaSet starts a replacement, as the process runtime restarts a stopped process.
    client.pods().inNamespace(Names.namespace(rack, app)).withName(processId).delete();
  }

  private static String clientMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  @Override
  public void close() {
    podLogs.close();
    client.close();
  }
}
