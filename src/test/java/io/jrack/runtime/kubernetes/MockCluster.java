package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * fabric8's mock API server in CRUD mode on loopback (the one stand-in the tests allow), and, since
 * it has no controllers, a stand-in for what the cluster would do after an apply: {@link #settle}
 * reports every Deployment rolled out and every build Job complete, the way the deployment and job
 * controllers write status.
 */
final class MockCluster implements AutoCloseable {
  final KubernetesMockServer server;
  final KubernetesClient client;
  private final AtomicBoolean settling = new AtomicBoolean();
  private Thread settler;

  /** The mock server logs every request at INFO through java.util.logging; held so the level sticks. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  MockCluster() {
    QUIET.setLevel(java.util.logging.Level.WARNING);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  /** Until closed, marks Deployments available and Jobs succeeded as they appear or change. */
  MockCluster settling() {
    settling.set(true);
    settler = Thread.ofVirtual().start(() -> {
      while (settling.get()) {
        try {
          settleOnce();
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // The server may be stopping; the next round tries again.
        }
      }
    });
    return this;
  }

  /** Services whose new pods crash instead of turning ready, as a kubelet would report them. */
  final java.util.Set<String> crashing = java.util.concurrent.ConcurrentHashMap.newKeySet();

  void settleOnce() {
    for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
      pods(d);
      if (crashing.contains(d.getMetadata().getName())) {
        continue;
      }
      long gen = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      if (d.getStatus() != null && d.getStatus().getObservedGeneration() != null && d.getStatus().getObservedGeneration() >= gen
          && d.getStatus().getAvailableReplicas() != null && d.getStatus().getAvailableReplicas() == replicas) {
        continue;
      }
      d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(gen).withReplicas(replicas).withUpdatedReplicas(replicas)
          .withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
      client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d).updateStatus();
    }
    for (Job j : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
      if (j.getStatus() == null || j.getStatus().getSucceeded() == null) {
        j.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        client.batch().v1().jobs().inNamespace(j.getMetadata().getNamespace()).resource(j).updateStatus();
      }
    }
  }

  /**
   * The ReplicaSet's work: the Deployment's pods for its current template, Running (or crashing),
   * and none of an earlier template.
   */
  private void pods(Deployment d) {
    String ns = d.getMetadata().getNamespace();
    var labels = d.getSpec().getTemplate().getMetadata().getLabels();
    String release = labels.get("jrack.io/release");
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    boolean crash = crashing.contains(d.getMetadata().getName());
    var selector = d.getSpec().getSelector().getMatchLabels();
    for (Pod p : client.pods().inNamespace(ns).withLabels(selector).list().getItems()) {
      if (!release.equals(p.getMetadata().getLabels().get("jrack.io/release"))) {
        client.resource(p).delete();
      }
    }
    for (int i = 0; i < replicas; i++) {
      String name = d.getMetadata().getName() + "-" + release.toLowerCase(java.util.Locale.ROOT) + "-" + i;
      if (client.pods().inNamespace(ns).withName(name).get() != null) {
        continue;
      }
      ContainerStatus cs = crash
          ? new ContainerStatusBuilder().withName(d.getMetadata().getName()).withRestartCount(3).withReady(false)
              .withNewState().withNewWaiting().withReason("CrashLoopBackOff").withMessage("back-off 40s restarting failed container").endWaiting().endState()
              .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState().build()
          : new ContainerStatusBuilder().withName(d.getMetadata().getName()).withReady(true).withRestartCount(0)
              .withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z").endRunning().endState().build();
      client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
          .withSpec(d.getSpec().getTemplate().getSpec())
          .withNewStatus().withPhase("Running").withPodIP("10.0.0." + (i + 10)).withStartTime("2026-01-01T00:00:00Z")
          .withContainerStatuses(cs).endStatus().build()).create();
    }
  }

  @Override
  public void close() {
    settling.set(false);
    if (settler != null) {
      settler.interrupt();
    }
    client.close();
    server.destroy();
  }
}
