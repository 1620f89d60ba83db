package io.jrack.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
      config = Config.fromKubeconfig(o.kubeContext, Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } else {
      config = Config.autoConfigure(o.kubeContext);
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
