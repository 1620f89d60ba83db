package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import io.jrack.testing.DiscoveryCases;
import io.jrack.testing.SourceTar;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The rack's network end to end, on one container rack with two apps: from inside web, the C
 * library resolves api by its short, app and full names through the rack's resolver to every
 * healthy api container; a stopped or unhealthy one leaves the answer within a second; a TCP
 * service that is not HTTP and a UDP one are reached by name, and another app's service by its
 * link. Real Podman, real packets on the rack's bridge.
 */
class RackNetworkDnsTest {
  private static final String PASSWORD = "test-password-1";
  private static final String RACK = "net";
  private static final String ZONE = RACK + ".local";

  @Test
  void servicesFindEachOtherByNameOnTheRackNetwork(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    Path rackDir = tmp.resolve("rack");
    String rackId = ContainerRuntime.rackId(rackDir, RACK);
    try (RackServer rack = RackServer.builder().name(RACK).dir(rackDir).apiPort(0).routerBind("127.0.0.1").httpPort(0).httpsPort(0)
        .password(PASSWORD).endpointPorts(27300, 27399).runtime("containers").start()) {
      RackClient client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
      long t0 = System.nanoTime();
      deploy(client, tmp, "otherapp", """
          services:
            api:
              build: .
              port: 3000
              command: perl /srv/net.pl http
          """);
      deploy(client, tmp, "nodedemo", """
          services:
            web:
              build: .
              port: 3000
              command: perl /srv/net.pl http
              links:
                - api
                - otherapp/api
            api:
              build: .
              port: 3000
              command: perl /srv/net.pl http
              scale: 3
              health:
                path: /health
                interval: 1
                timeout: 1
            echo:
              build: .
              command: perl /srv/net.pl tcp
              ports:
                - 7000
            metrics:
              build: .
              command: perl /srv/net.pl udp
              ports:
                - 8125/udp
          """);
      System.out.printf("two apps built and deployed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      String web = container(rackId, "nodedemo", only(client, "web"));

      // The container's resolv.conf: the rack's resolver on the gateway, its app's and the rack's domains.
      String resolvConf = exec(engine, web, "cat", "/etc/resolv.conf");
      String gateway = resolvConf.lines().filter(l -> l.startsWith("nameserver ")).map(l -> l.substring(11).strip()).findFirst().orElseThrow();
      assertThat(resolvConf.lines().filter(l -> l.startsWith("nameserver "))).as(resolvConf).containsExactly("nameserver " + gateway);
      assertThat(resolvConf).contains("search nodedemo." + ZONE + " " + ZONE).contains("ndots:2");

      // Every form of api's name, from inside web, is every healthy api container.
      List<String> apis = hosts(client, "api");
      assertThat(apis).hasSize(3);
      for (String name : DiscoveryCases.names(RACK, "nodedemo", "nodedemo", "api")) {
        assertThat(exec(engine, web, "getent", "hosts", name)).as(name).matches("(?s)(" + String.join("|", apis).replace(".", "\\.") + ") .*");
        assertThat(getent(engine, web, name)).as(name).containsExactlyInAnyOrderElementsOf(apis);
      }
      // Another app's service by its app and full names (the shared discovery cases' forms).
      String otherApi = client.processList("otherapp").get(0).host();
      for (String name : DiscoveryCases.names(RACK, "nodedemo", "otherapp", "api")) {
        assertThat(getent(engine, web, name)).as(name).containsExactly(otherApi);
      }
      // SRV with the ports, from the same resolver: the main port by scheme, the other ports by protocol.
      assertThat(srv(gateway, "_http._tcp.api.nodedemo." + ZONE)).hasSize(3).allMatch(r -> r.getPort() == 3000);
      assertThat(srv(gateway, "_tcp._tcp.echo.nodedemo." + ZONE)).singleElement().matches(r -> r.getPort() == 7000);
      assertThat(srv(gateway, "_udp._udp.metrics.nodedemo." + ZONE)).singleElement().matches(r -> r.getPort() == 8125);
      // A name the rack does not know is not sent out, and other names still resolve through the machine's resolvers.
      assertThat(getent(engine, web, "nosuch")).isEmpty();

      // Links name services, not instances: stable across restarts and redeploys.
      assertThat(exec(engine, web, "printenv", "API_URL").strip()).isEqualTo("http://api.nodedemo." + ZONE + ":3000");
      assertThat(exec(engine, web, "printenv", "OTHERAPP_API_URL").strip()).isEqualTo("http://api.otherapp." + ZONE + ":3000");
      // ...and lead straight to the containers over the rack network: another app's, a TCP one, a UDP one.
      assertThat(exec(engine, web, "perl", "/srv/peer.pl", "http", "api.otherapp", "3000")).isEqualTo("http otherapp/api");
      assertThat(exec(engine, web, "perl", "/srv/peer.pl", "http", "api", "3000")).isEqualTo("http nodedemo/api");
      assertThat(exec(engine, web, "perl", "/srv/peer.pl", "tcp", "echo", "7000", "ruok")).isEqualTo("tcp nodedemo/echo: ruok\n");
      assertThat(exec(engine, web, "perl", "/srv/peer.pl", "udp", "metrics", "8125", "hits:1|c")).isEqualTo("udp nodedemo/metrics: hits:1|c");

      // A stopped api container leaves the answer within a second; its replacement joins once healthy.
      ProcessInfo stopped = client.processList("nodedemo").stream().filter(p -> p.service().equals("api")).findFirst().orElseThrow();
      long stop = System.nanoTime();
      client.processStop("nodedemo", stopped.id());
      long gone = until(gateway, "api.nodedemo." + ZONE, a -> a.size() == 2 && !a.contains(stopped.host()), Duration.ofSeconds(5));
      System.out.printf("stopped api container out of the DNS answer after %d ms%n", (gone - stop) / 1_000_000);
      assertThat(Duration.ofNanos(gone - stop)).isLessThan(Duration.ofSeconds(1));
      assertThat(getent(engine, web, "api")).hasSize(2).doesNotContain(stopped.host());
      long back = until(gateway, "api.nodedemo." + ZONE, a -> a.size() == 3, Duration.ofSeconds(30));
      System.out.printf("its replacement in the answer after %d ms%n", (back - stop) / 1_000_000);

      // An api container whose health check fails leaves the answer once the rack sees it unhealthy, and comes back.
      ProcessInfo sick = client.processList("nodedemo").stream().filter(p -> p.service().equals("api") && p.status().equals("running")).findFirst().orElseThrow();
      long touched = System.nanoTime();
      exec(engine, container(rackId, "nodedemo", sick), "touch", "/tmp/sick");
      long out = until(gateway, "api.nodedemo." + ZONE, a -> a.size() == 2 && !a.contains(sick.host()), Duration.ofSeconds(10));
      long seen = System.nanoTime();
      while (!client.processGet("nodedemo", sick.id()).status().equals("unhealthy") && System.nanoTime() - seen < Duration.ofSeconds(5).toNanos()) {
        Thread.sleep(20);
      }
      System.out.printf("failing api container out of the answer %d ms after its health began to fail (interval 1 s, 2 failures)%n", (out - touched) / 1_000_000);
      assertThat(client.processGet("nodedemo", sick.id()).status()).isEqualTo("unhealthy");
      exec(engine, container(rackId, "nodedemo", sick), "rm", "/tmp/sick");
      until(gateway, "api.nodedemo." + ZONE, a -> a.size() == 3 && a.contains(sick.host()), Duration.ofSeconds(10));
    } finally {
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.remove(c.id());
      }
      engine.removeNetwork(rackId);
    }
  }

  private static void deploy(RackClient client, Path tmp, String app, String manifest) throws Exception {
    Path src = Files.createDirectories(tmp.resolve(app));
    for (String f : List.of("Dockerfile", "net.pl", "peer.pl")) {
      Files.copy(TestEngine.resource("network").resolve(f), src.resolve(f));
    }
    Files.writeString(src.resolve("convox.yml"), manifest);
    client.appCreate(app);
    Build b = client.buildCreate(app, SourceTar.of(src), null);
    assertThat(b.status()).as(b.logs()).isEqualTo("complete");
    client.releasePromote(app, b.release());
  }

  private static ProcessInfo only(RackClient client, String service) {
    return client.processList("nodedemo").stream().filter(p -> p.service().equals(service)).findFirst().orElseThrow();
  }

  private static List<String> hosts(RackClient client, String service) {
    return client.processList("nodedemo").stream().filter(p -> p.service().equals(service)).map(ProcessInfo::host).toList();
  }

  private static String container(String rackId, String app, ProcessInfo p) {
    return rackId + "-" + app + "-" + p.id();
  }

  private static String exec(PodmanEngine engine, String container, String... argv) throws EngineException {
    ContainerEngine.ExecResult r = engine.exec(container, List.of(argv), Duration.ofSeconds(20));
    assertThat(r.exitCode()).as("%s: %s", String.join(" ", argv), r.output()).isZero();
    return r.output();
  }

  /** The IPv4 addresses the container's C library finds for {@code name}; empty when it finds none. */
  private static List<String> getent(PodmanEngine engine, String container, String name) throws EngineException {
    ContainerEngine.ExecResult r = engine.exec(container, List.of("getent", "ahostsv4", name), Duration.ofSeconds(20));
    assertThat(r.exitCode()).as("getent %s: %s", name, r.output()).isIn(0, 2);
    return r.output().lines().map(l -> l.split("\\s+")[0]).distinct().toList();
  }

  private static List<String> addresses(String gateway, String name) throws Exception {
    return answer(gateway, name, Type.A).stream().map(r -> r.rdataToString()).toList();
  }

  private static List<SRVRecord> srv(String gateway, String name) throws Exception {
    return answer(gateway, name, Type.SRV).stream().map(SRVRecord.class::cast).toList();
  }

  /** Asks the rack's resolver, as a container would (the host's own address on the network is one of its sources). */
  private static List<Record> answer(String gateway, String name, int type) throws Exception {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(gateway, 53));
    resolver.setTimeout(Duration.ofSeconds(2));
    Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    return response.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
  }

  /** Polls the resolver every 10 ms until the addresses of {@code name} satisfy {@code wanted}; returns when (System.nanoTime). */
  private static long until(String gateway, String name, Predicate<List<String>> wanted, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> last = List.of();
    while (System.nanoTime() < deadline) {
      last = addresses(gateway, name);
      if (wanted.test(last)) {
        return System.nanoTime();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("%s did not turn as wanted within %s; last answer %s".formatted(name, timeout, last));
  }
}
