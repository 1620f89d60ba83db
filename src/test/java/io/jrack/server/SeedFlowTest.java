package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.ServiceInfo;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service-discovery page, end to end: a real rack, real processes, real sockets on loopback.
 * The rack runs the seed app (Internal=Yes) before any test; each test leaves it serving, so they
 * run in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedFlowTest {
  static final Path NODEDEMO = Path.of("examples/nodedemo");
  static final String WEB_HOST = "nodedemo-web.dev.localhost";
  TestRack rack;
  String apiUrl;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    rack = TestRack.start(dir.resolve("rack"));
    rack.client.paramsSet(Map.of("Internal", "Yes"));
    rack.client.appCreate("nodedemo");
    Build build = rack.client.buildCreate("nodedemo", SourceTar.of(NODEDEMO), "first");
    assertThat(build.status()).as(build.logs()).isEqualTo("complete");
    rack.client.releasePromote("nodedemo", build.release());
    ServiceInfo api = rack.client.serviceList("nodedemo").stream().filter(s -> s.name().equals("api")).findFirst().orElseThrow();
    apiUrl = "http://127.0.0.1:" + api.ports().get(0).balancer();
  }

  @AfterAll
  void stop() throws Exception {
    Path rackDir = rack.server.dir().toRealPath();
    rack.close();
    // Nothing the rack started may outlive it: no process still works in one of its build directories.
    assertThat(Orphans.under(rackDir)).isEmpty();
  }

  /** On a rack of its own: a new rack has Internal=No, which the shared one has left behind. */
  @Test
  void internalServiceNeedsInternalYes(@TempDir Path tmp) throws Exception {
    Path rackDir;
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rackDir = rack.server.dir().toRealPath();
      internalServiceNeedsInternalYes(rack, tmp);
    }
    assertThat(Orphans.under(rackDir)).isEmpty();
  }

  private static void internalServiceNeedsInternalYes(TestRack rack, Path tmp) throws Exception {
    rack.client.appCreate("nodedemo");
    // First a version where api is public, which a rack with Internal=No runs.
    Path open = java.nio.file.Files.createDirectories(tmp.resolve("open"));
    for (String f : List.of("Web.java", "Api.java", "Dockerfile")) {
      java.nio.file.Files.copy(NODEDEMO.resolve(f), open.resolve(f));
    }
    java.nio.file.Files.writeString(open.resolve("convox.yml"), java.nio.file.Files.readString(NODEDEMO.resolve("convox.yml")).replace("    internal: true\n", ""));
    Build public_ = rack.client.buildCreate("nodedemo", SourceTar.of(open), "public api");
    rack.client.releasePromote("nodedemo", public_.release());
    assertThat(RawHttp.get(rack.http(), "nodedemo-web.dev.localhost", "/").body()).contains("api says:");
    assertThat(RawHttp.get(rack.http(), "nodedemo-api.dev.localhost", "/").status()).isEqualTo(200);

    Build build = rack.client.buildCreate("nodedemo", SourceTar.of(NODEDEMO), "first");
    assertThat(build.status()).as(build.logs()).isEqualTo("complete");
    assertThatThrownBy(() -> rack.client.releasePromote("nodedemo", build.release()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("rack does not support internal services");
    assertThat(rack.client.releaseGet("nodedemo", build.release()).status()).isEqualTo("failed");
    assertThat(rack.client.appGet("nodedemo").release()).isEqualTo(public_.release());
    // The running release keeps serving, api still public as it was.
    assertThat(RawHttp.get(rack.http(), "nodedemo-web.dev.localhost", "/").body()).contains("api says:");
    assertThat(RawHttp.get(rack.http(), "nodedemo-api.dev.localhost", "/").status()).isEqualTo(200);
  }

  @Test
  void seedFlowServesWebWhichReachesApiThroughApiUrl() throws Exception {
    Build build = rack.client.buildCreate("nodedemo", SourceTar.of(NODEDEMO), "second");
    long t0 = System.nanoTime();
    Release r = rack.client.releasePromote("nodedemo", build.release());
    System.out.printf("promote of nodedemo (2 services, java single-file boot) took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(r.status()).isEqualTo("active");

    List<ServiceInfo> services = rack.client.serviceList("nodedemo");
    assertThat(services).extracting(ServiceInfo::name).containsExactly("web", "api");
    ServiceInfo web = services.get(0);
    assertThat(web.domain()).isEqualTo(WEB_HOST);
    assertThat(web.ports()).extracting(Object::toString).containsExactly(rack.http() + ":3000", rack.https() + ":3000");
    ServiceInfo api = services.get(1);
    assertThat(api.domain()).isEqualTo("127.0.0.1");
    assertThat(api.ports()).singleElement().satisfies(p -> assertThat(p.container()).isEqualTo(3000));

    RawHttp.Response page = RawHttp.get(rack.http(), WEB_HOST, "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("api says: {\"service\":\"api\"");
    // The link's address is stable across redeploys: the same as the first release's.
    assertThat(apiUrl).isEqualTo("http://127.0.0.1:" + api.ports().get(0).balancer());
    assertThat(page.body()).containsPattern(linkVariable());

    RawHttp.Response tls = RawHttp.getTls(rack.https(), WEB_HOST, "/", rack.server.certificateAuthority().certificate());
    assertThat(tls.status()).isEqualTo(200);
    assertThat(tls.body()).contains("api says:");

    RawHttp.Response env = RawHttp.get(rack.http(), WEB_HOST, "/env");
    assertThat(env.body()).containsPattern(linkVariable()).contains("APP=nodedemo").contains("SERVICE=web").contains("RACK=dev");
  }

  @Test
  void apiIsNotReachableThroughPublicListenersWithAnyHost() throws Exception {
    String endpointHost = apiUrl.substring("http://".length());
    for (String host : List.of("nodedemo-api.dev.localhost", endpointHost, "127.0.0.1", "localhost", "NODEDEMO-API.DEV.LOCALHOST", "nodedemo-api.dev.localhost.")) {
      assertThat(RawHttp.get(rack.http(), host, "/").status()).as(host).isEqualTo(404);
      assertThat(RawHttp.get(rack.https() > 0 ? rack.http() : rack.http(), host, "/").body()).doesNotContain("\"service\":\"api\"");
    }
    assertThat(RawHttp.send(rack.http(), "GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n").status()).isEqualTo(404);
    assertThat(RawHttp.send(rack.http(), "GET / HTTP/1.1\r\nHost: " + "a".repeat(20000) + "\r\nConnection: close\r\n\r\n").status()).isIn(400, 431);
    // From inside the rack it is reachable at its endpoint.
    assertThat(RawHttp.get(Integer.parseInt(apiUrl.substring(apiUrl.lastIndexOf(':') + 1)), "anything", "/").body()).contains("\"service\":\"api\"");
  }

  @Test
  void failedPromoteKeepsTheRunningReleaseServing() throws Exception {
    Release before = rack.client.releaseList("nodedemo").stream().filter(r -> r.status().equals("active")).findFirst().orElseThrow();
    // A release whose web crashes at start is rolled back, with the reason and web's last output.
    Release broken = rack.client.envSet("nodedemo", Map.of("X", "1"), false);
    String manifest = broken.manifest().replace("  web:\n    build: .\n", "  web:\n    build: .\n    command: echo cannot open config; exit 3\n");
    assertThat(manifest).isNotEqualTo(broken.manifest());
    Path dir = java.nio.file.Files.createTempDirectory("broken");
    for (String f : List.of("Web.java", "Api.java", "Dockerfile")) {
      java.nio.file.Files.copy(NODEDEMO.resolve(f), dir.resolve(f));
    }
    java.nio.file.Files.writeString(dir.resolve("convox.yml"), manifest);
    Build b = rack.client.buildCreate("nodedemo", SourceTar.of(dir), "broken health");
    assertThatThrownBy(() -> rack.client.releasePromote("nodedemo", b.release()))
        .isInstanceOf(ProviderException.class).hasMessageContaining("service web: exited with code 3").hasMessageContaining("last output of web").hasMessageContaining("cannot open config");
    assertThat(rack.client.appGet("nodedemo").release()).isEqualTo(before.id());
    assertThat(rack.client.releaseGet("nodedemo", b.release()).status()).isEqualTo("failed");
    assertThat(RawHttp.get(rack.http(), WEB_HOST, "/").body()).contains("api says:");
    assertThat(rack.client.processList("nodedemo")).hasSize(2);
  }

  @Test
  void killedProcessIsRestartedAndLinkUrlIsStableAcrossRedeploy() throws Exception {
    ProcessInfo api = rack.client.processList("nodedemo").stream().filter(p -> p.service().equals("api")).findFirst().orElseThrow();
    // This rack's api, as a process or in a container: the one whose environment names its release.
    String release = "RELEASE=" + api.release() + "\0";
    long pid = ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("/java"))
        .filter(p -> p.info().commandLine().orElse("").endsWith("Api.java"))
        .filter(p -> environ(p).contains(release))
        .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(rack.client.processList("nodedemo").stream().filter(p -> p.service().equals("api")).findFirst().orElseThrow().id()).isNotEqualTo(api.id());
      assertThat(RawHttp.get(rack.http(), WEB_HOST, "/").body()).contains("api says: {\"service\":\"api\"");
    });
    Build again = rack.client.buildCreate("nodedemo", SourceTar.of(NODEDEMO), "third");
    rack.client.releasePromote("nodedemo", again.release());
    assertThat(RawHttp.get(rack.http(), WEB_HOST, "/env").body()).containsPattern(linkVariable());
  }

  private static String environ(ProcessHandle p) {
    try {
      return java.nio.file.Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * API_URL as web sees it: the api's endpoint on the rack's loopback; in a container, the same
   * port at the rack network's gateway, which relays it to loopback.
   */
  private java.util.regex.Pattern linkVariable() {
    String port = apiUrl.substring(apiUrl.lastIndexOf(':') + 1);
    return java.util.regex.Pattern.compile(TestRack.RUNTIME.equals("containers")
        ? "API_URL=http://10\\.\\d+\\.\\d+\\.\\d+:" + port + "\n" : java.util.regex.Pattern.quote("API_URL=" + apiUrl + "\n"));
  }
}
