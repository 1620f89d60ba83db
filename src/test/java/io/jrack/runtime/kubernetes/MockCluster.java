package io.jrack.runtime.kubernetes;

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

  MockCluster() {
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

  void settleOnce() {
    for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
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
