package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.ServiceInfo;
import io.jrack.testing.DiscoveryCases;
import io.jrack.testing.DiscoveryConformance;
import io.jrack.testing.RawHttp;
import io.jrack.testing.TestRack;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared discovery cases on the embedded rack: real processes, environments read from the processes themselves. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedDiscoveryTest extends DiscoveryConformance {

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    rack = TestRack.start(dir.resolve("rack"));
  }

  @AfterAll
  void stop() {
    rack.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.jrack.testing.DiscoveryConformance#cases")
  void discovery(DiscoveryCases.Case c, @TempDir Path tmp) throws Exception {
    run(c, tmp);
  }

  @Override
  protected Map<String, String> env(String app, String service) throws Exception {
    ServiceInfo row = rack.client.serviceList(app).stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
    RawHttp.Response r = row.domain().equals("127.0.0.1")
        ? RawHttp.get(row.ports().get(0).balancer(), "127.0.0.1", "/env")
        : RawHttp.get(rack.http(), row.domain(), "/env");
    assertThat(r.status()).isEqualTo(200);
    Map<String, String> out = new LinkedHashMap<>();
    r.body().lines().filter(l -> l.contains("=")).forEach(l -> out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return out;
  }

  /** A stable loopback endpoint that, when called, is answered by the target service itself. */
  @Override
  protected void assertLeadsTo(String url, String app, String service, int port) throws Exception {
    assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
    URI u = URI.create(url);
    assertThat(RawHttp.get(u.getPort(), "127.0.0.1", "/").body()).contains("app=" + app + " service=" + service);
  }

  /** A server on loopback that speaks the type's protocol (redis answers PING, or asks for its password). */
  @Override
  protected void assertResource(String url, String app, String resource, String type) throws Exception {
    URI u = URI.create(url);
    assertThat(u.getScheme()).isEqualTo(type);
    assertThat(u.getHost()).isEqualTo("127.0.0.1");
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", u.getPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      assertThat(answer).matches("\\+PONG|-NOAUTH.*");
    }
  }

  /**
   * Processes share the machine's network and its resolver: they reach services by the loopback
   * endpoints of their links. The rack's names are answered on the container runtime
   * (RackNetworkDnsTest) and on Kubernetes.
   */
  @Override
  protected boolean rackDns() {
    return false;
  }

  @Override
  protected void assertResolves(DiscoveryCases.Resolves r) {
    throw new AssertionError("processes do not use the rack's DNS: " + r);
  }

  @Override
  protected void assertNothingRuns(String app) {
    assertThat(rack.client.processList(app)).isEmpty();
  }
}
