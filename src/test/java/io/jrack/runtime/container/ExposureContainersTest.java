package io.jrack.runtime.container;

import static io.jrack.runtime.container.OutsideHost.iptables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.Build;
import io.jrack.rack.ServiceInfo;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code internalAndExternal} and {@code internalRouter} on real containers and real packets, with
 * the two-service source of {@code NetworkFenceTest} under two manifests:
 *
 * <ul>
 *   <li>app {@code other}: api {@code internalRouter: true}, deployed while the rack says
 *       {@code Internal=No}; from a container of another app that does not link it, api answers
 *       through the internal router ({@code api.other.ex.internal} on the rack's DNS, the router's
 *       port on the gateway) while its container address is refused by the fence; from an outside
 *       host (a network namespace) the public listener says 404 and the gateway does not answer;
 *   <li>app {@code shop}: web {@code internalAndExternal: true}, refused until {@code Internal=Yes},
 *       then served through the public router to the outside host and by its internal name to a
 *       peer container; {@code convox services} shows both endpoints.
 * </ul>
 *
 * And the rack started a second time on its directory while it runs: refused, and the first rack's
 * fence and internal router go on as they were.
 */
class ExposureContainersTest {
  private static final String PASSWORD = "test-password-1";
  private static final String OTHER = """
      services:
        web:
          build: ./web
          port: 3000
          links:
            - api
        api:
          build: ./api
          port: 4000
          internalRouter: true
      """;
  private static final String SHOP = """
      services:
        web:
          build: ./web
          port: 3000
          links:
            - api
          internalAndExternal: true
        api:
          build: ./api
          port: 4000
      """;

  @Test
  void internalAndExternalIsBothAndInternalRouterOnlyFromInsideTheRack(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    OutsideHost outside = OutsideHost.create("x3", 215);
    Path rackDir = tmp.resolve("rack");
    String rackId = ContainerRuntime.rackId(rackDir, "ex");
    FenceRules names = new FenceRules(FenceRules.prefixFor(rackId), "", "", "");
    try {
      try (RackServer rack = RackServer.builder().name("ex").dir(rackDir).apiPort(0).routerBind("0.0.0.0").httpPort(0).httpsPort(0)
          .password(PASSWORD).endpointPorts(27400, 27499).runtime("containers").start()) {
        RackClient client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
        int http = rack.router().httpPort();

        // internalRouter needs no Internal=Yes (the rack says No).
        assertThat(client.paramsGet().get("Internal")).isEqualTo("No");
        client.releasePromote("other", build(client, "other", OTHER, tmp));
        // internalAndExternal is internal: refused until Internal=Yes, as Gen2 refuses it.
        String shopRelease = build(client, "shop", SHOP, tmp);
        assertThatThrownBy(() -> client.releasePromote("shop", shopRelease)).hasMessageContaining("rack does not support internal services")
            .hasMessageContaining("services web are internal");
        client.paramsSet(Map.of("Internal", "Yes"));
        client.releasePromote("shop", shopRelease);

        String shopWeb = container(engine, rackId, "shop", "web");
        String shopApi = container(engine, rackId, "shop", "api");
        String otherApiIp = client.processList("other").stream().filter(p -> p.service().equals("api")).findFirst().orElseThrow().host();
        String gateway = gateway(engine, shopWeb);

        // internalAndExternal: public through the router (from outside), and by its internal name from a peer container.
        assertThat(outside.output("curl", "-s", "--max-time", "5", "-H", "Host: shop-web.ex.localhost", "http://" + outside.hostIp + ":" + http + "/api"))
            .contains("web here on port 3000", "api says: api image built by RUN");
        assertThat(get(engine, shopApi, "web.shop.ex.local:3000", "web")).contains("web here on port 3000");
        assertThat(get(engine, shopApi, "web:3000", "web")).contains("web here on port 3000");

        // internalRouter: from a rack container of another app, which does not link it, through the internal router only.
        String internalHost = "api.other.ex.internal";
        assertThat(get(engine, shopWeb, internalHost + ":" + http, internalHost)).startsWith("HTTP/1.1 200").contains("api image built by RUN");
        assertThat(get(engine, shopWeb, otherApiIp + ":4000", "api")).as("its container, directly: the fence").isEqualTo("closed");
        // ...and never from outside: 404 on the public listener, nothing on the gateway.
        assertThat(outside.output("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-H", "Host: " + internalHost, "http://" + outside.hostIp + ":" + http + "/"))
            .isEqualTo("404");
        assertThat(outside.output("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-H", "Host: other-api.ex.localhost", "http://" + outside.hostIp + ":" + http + "/"))
            .as("no public host either").isEqualTo("404");
        assertThat(outside.exit("curl", "-s", "-o", "/dev/null", "--max-time", "3", "-H", "Host: " + internalHost, "http://" + gateway + ":" + http + "/"))
            .as("the gateway's router port from outside (7 refused, 28 timed out)").isIn(7, 28);

        // convox services, as Convox shows them.
        assertThat(rows(client, "shop")).contains("web|web.shop.ex.local(internal), shop-web.ex.localhost(external)|3000:3000 " + http + ":3000 "
            + rack.router().httpsPort() + ":3000");
        assertThat(rows(client, "other")).contains("api|api.other.ex.internal|" + http + ":4000 " + rack.router().httpsPort() + ":4000");

        // The rack started again on its directory while it runs: refused, and the first one's fence and routes stay.
        String rulesBefore = iptables("-S", names.inChain());
        assertThat(rulesBefore.lines().filter(l -> l.contains("-d " + gateway + "/32") && l.endsWith("-p tcp -m tcp --dport " + http + " -j RETURN")))
            .as("the internal router's port on the gateway: " + rulesBefore).hasSize(1);
        assertThatThrownBy(() -> RackServer.builder().name("ex").dir(rackDir).apiPort(0).routerBind("0.0.0.0").httpPort(0).httpsPort(0)
            .password(PASSWORD).endpointPorts(27400, 27499).runtime("containers").start()).isInstanceOf(IOException.class)
            .hasMessageContaining("rack directory " + rackDir + " is in use by another rack");
        assertThat(iptables("-S", names.inChain())).isEqualTo(rulesBefore);
        assertThat(iptables("-S", "INPUT").lines().filter(l -> l.equals("-A INPUT -j " + names.inChain())).count()).isEqualTo(1);
        assertThat(container(engine, rackId, "shop", "web")).as("its containers were not reaped").isEqualTo(shopWeb);
        assertThat(get(engine, shopWeb, internalHost + ":" + http, internalHost)).contains("api image built by RUN");
      }
    } finally {
      outside.close();
      NetworkFence.remove(names);
      engine.removeNetwork(rackId);
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.remove(c.id());
      }
    }
  }

  /** The two-service source with {@code manifest} as its convox.yml, built as {@code app}; its release. */
  private static String build(RackClient client, String app, String manifest, Path tmp) throws Exception {
    Path source = tmp.resolve("src-" + app);
    Path from = TestEngine.resource("twoservice");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path to = source.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Files.writeString(source.resolve("convox.yml"), manifest);
    client.appCreate(app);
    Build build = client.buildCreate(app, io.jrack.testing.SourceTar.of(source), null);
    assertThat(build.status()).as(build.logs()).isEqualTo("complete");
    return build.release();
  }

  private static List<String> rows(RackClient client, String app) {
    return client.serviceList(app).stream()
        .map(s -> s.name() + "|" + s.domain() + "|" + String.join(" ", s.ports().stream().map(ServiceInfo.PortMapping::toString).toList())).toList();
  }

  private static String gateway(PodmanEngine engine, String container) throws EngineException {
    String conf = engine.exec(container, List.of("cat", "/etc/resolv.conf"), Duration.ofSeconds(20)).output();
    java.util.regex.Matcher ns = java.util.regex.Pattern.compile("nameserver ([0-9.]+)").matcher(conf);
    assertThat(ns.find()).as(conf).isTrue();
    return ns.group(1);
  }

  private static String container(PodmanEngine engine, String rackId, String app, String service) throws EngineException {
    return engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId, ContainerRuntime.LABEL_APP, app, ContainerRuntime.LABEL_SERVICE, service))
        .stream().filter(ContainerEngine.Container::running).findFirst().orElseThrow().id();
  }

  /** The whole answer to a GET of / with {@code host}, sent from inside the container to {@code target}; "closed" when it does not connect within 3 s. */
  private static String get(PodmanEngine engine, String container, String target, String host) throws EngineException {
    return engine.exec(container, List.of("perl", "-MIO::Socket::INET", "-e",
        "my $s = IO::Socket::INET->new(PeerAddr => '" + target + "', Timeout => 3) or do { print 'closed'; exit }; "
            + "print $s \"GET / HTTP/1.0\\r\\nHost: " + host + "\\r\\n\\r\\n\"; local $/; print <$s>;"), Duration.ofSeconds(20)).output().strip();
  }

}
