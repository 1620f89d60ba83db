package io.jrack.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The cluster a Kubernetes rack talks to: a given client, a kubeconfig file and context, or fabric8's auto-configuration (in-cluster too). */
final class Kubeconfig {
  private Kubeconfig() {}

  static KubernetesClient client(RackServerBuilder o) throws IOException {
    if (o.kubernetesClient != null) {
      return o.kubernetesClient;
    }
    Config config;
    if (o.kubeconfig != null) {
      Path file = Path.of(o.kubeconfig);
      if (!Files.isReadable(file)) {
        throw new IOException("kubeconfig " + file + " is not a readable file");
      }
      config = Config.fromKubeconfig(o.kubeContext, file.toFile());
    } else {
      config = Config.autoConfigure(o.kubeContext);
    }
    // Fail at start with where it looked, not at the first deploy with a timeout; once, without the
    // client's retries (which are for a cluster that answered before, and take 20 s to give up).
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build()).build()) {
      probe.getKubernetesVersion();
    } catch (RuntimeException e) {
      throw new IOException("cannot reach the Kubernetes API at %s%s: %s".formatted(config.getMasterUrl(),
          o.kubeContext == null ? "" : " (context " + o.kubeContext + ")", rootMessage(e)));
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The most telling cause: a refused connection or unknown host when there is one, else the client's own message. */
  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.SocketTimeoutException) {
        return "timed out";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
