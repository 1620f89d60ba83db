package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Kubernetes rack that cannot reach its cluster says so at start, naming where it looked. */
class KubeconfigTest {

  @Test
  void anUnreachableClusterFailsTheStartWithWhereItLooked(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: https://127.0.0.1:%d
            insecure-skip-tls-verify: true
        contexts:
        - name: local
          context: {cluster: local, user: me}
        current-context: local
        users:
        - name: me
          user: {token: not-a-real-token}
        """.formatted(port));
    assertThatThrownBy(() -> RackServer.builder().name("dev").dir(dir.resolve("rack")).apiPort(0).routerBind("127.0.0.1")
            .httpPort(-1).httpsPort(-1).password("p").runtime("kubernetes").kubeconfig(kubeconfig.toString()).start())
        .isInstanceOf(IOException.class)
        .hasMessage("cannot reach the Kubernetes API at https://127.0.0.1:%d/: connection refused".formatted(port));
  }

  @Test
  void aMissingKubeconfigIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> RackServer.builder().name("dev").dir(dir.resolve("rack")).apiPort(0).routerBind("127.0.0.1")
            .httpPort(-1).httpsPort(-1).password("p").runtime("kubernetes").kubeconfig(dir.resolve("nope").toString()).start())
        .isInstanceOf(IOException.class)
        .hasMessage("kubeconfig " + dir.resolve("nope") + " is not a readable file");
  }
}
