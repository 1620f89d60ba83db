package io.jrack.testing;

import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import java.net.URI;
import java.nio.file.Path;

/** A real embedded rack on loopback for tests: free ports, its own directory, a known password. */
public final class TestRack implements AutoCloseable {
  public static final String PASSWORD = "test-password-1";
  /** The runtime of {@link #start}'s racks: {@code -Djrack.test.runtime=containers} runs the same tests on containers. */
  public static final String RUNTIME = System.getProperty("jrack.test.runtime", "embedded");
  public final RackServer server;
  public final RackClient client;

  private TestRack(RackServer server) {
    this.server = server;
    this.client = new RackClient(URI.create(server.apiUrl()), PASSWORD);
  }

  public static TestRack start(Path dir) throws Exception {
    return new TestRack(RackServer.builder().name("dev").dir(dir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(24000, 24999).runtime(RUNTIME).start());
  }

  /** A rack whose runtime is Kubernetes, on {@code client} (fabric8's mock server in the tests). */
  public static TestRack startKubernetes(Path dir, io.fabric8.kubernetes.client.KubernetesClient client) throws Exception {
    return new TestRack(RackServer.builder().name("dev").dir(dir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(26900, 26999).kubernetesClient(client)
        .kubernetesTiming(new io.jrack.runtime.kubernetes.KubernetesRuntime.Timing(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(50)))
        .start());
  }

  public int http() {
    return server.router().httpPort();
  }

  public int https() {
    return server.router().httpsPort();
  }

  public String rackUrl() {
    return server.apiUrl().replace("http://", "http://convox:" + PASSWORD + "@");
  }

  @Override
  public void close() {
    server.close();
  }
}
