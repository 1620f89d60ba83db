package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Waits for a release's Deployments to roll out, as {@code kubectl rollout status} does, and
 * fails early with the pod's own reason when a pod cannot start (a crash loop, an image that
 * cannot be pulled, a bad config), instead of waiting out the deadline.
 */
final class Rollout {
  /** Waiting reasons that do not fix themselves. */
  static final Set<String> FATAL = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "InvalidImageName",
      "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

  private final KubernetesClient client;
  private final Duration poll;

  Rollout(KubernetesClient client, Duration poll) {
    this.client = client;
    this.poll = poll;
  }

  /** Null when every service rolled out before the deadline; else why not, naming service and pod. */
  String await(String ns, String app, String release, List<String> services, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      String pending = null;
      for (String service : services) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(service).get();
        if (d == null) {
          return "service %s: its Deployment disappeared during the rollout".formatted(service);
        }
        Optional<String> failed = failure(ns, app, release, service, d);
        if (failed.isPresent()) {
          return failed.get();
        }
        if (!done(d)) {
          pending = service;
        }
      }
      if (pending == null) {
        return null;
      }
      if (System.nanoTime() > end) {
        return "service %s: rollout not finished after %ds (%s)".formatted(pending, deadline.toSeconds(), progress(ns, pending));
      }
      Thread.sleep(poll.toMillis());
    }
  }

  static boolean done(Deployment d) {
    var st = d.getStatus();
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    if (st == null) {
      return want == 0 && d.getMetadata().getGeneration() == null;
    }
    long gen = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    long seen = st.getObservedGeneration() == null ? 0 : st.getObservedGeneration();
    return seen >= gen && n(st.getUpdatedReplicas()) >= want && n(st.getAvailableReplicas()) >= want && n(st.getReplicas()) <= want;
  }

  private Optional<String> failure(String ns, String app, String release, String service, Deployment d) {
    if (d.getStatus() != null && d.getStatus().getConditions() != null) {
      for (DeploymentCondition c : d.getStatus().getConditions()) {
        if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())) {
          return Optional.of("service %s: %s: %s".formatted(service, c.getReason(), c.getMessage()));
        }
      }
    }
    List<Pod> pods = client.pods().inNamespace(ns).withLabel(Names.APP, app).withLabel(Names.SERVICE, service)
        .withLabel(Names.RELEASE, release).list().getItems();
    for (Pod p : pods) {
      if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
        var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
        if (waiting != null && FATAL.contains(waiting.getReason())) {
          String last = cs.getLastState() != null && cs.getLastState().getTerminated() != null
              ? " (last exit code %d%s)".formatted(cs.getLastState().getTerminated().getExitCode(),
                  cs.getLastState().getTerminated().getReason() == null ? "" : ", " + cs.getLastState().getTerminated().getReason())
              : "";
          return Optional.of("service %s: pod %s: %s%s%s".formatted(service, p.getMetadata().getName(), waiting.getReason(),
              waiting.getMessage() == null ? "" : ": " + waiting.getMessage(), last));
        }
      }
    }
    return Optional.empty();
  }

  private String progress(String ns, String service) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(service).get();
    if (d == null || d.getStatus() == null) {
      return "no status reported";
    }
    return "%d of %d updated, %d available".formatted(n(d.getStatus().getUpdatedReplicas()), d.getSpec().getReplicas(), n(d.getStatus().getAvailableReplicas()));
  }

  private static int n(Integer v) {
    return v == null ? 0 : v;
  }
}
