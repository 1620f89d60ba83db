package io.jrack.runtime.container;

import static io.jrack.runtime.container.OutsideHost.iptables;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.sdk.RackClient;
import io.jrack.server.RackServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rack's network fence and tenants, on real containers and real packets. An "outside host" is
 * a network namespace made here, joined to this machine by a veth pair and routed to the rack's
 * subnet, as a machine on the same LAN could be: it reaches web through the router and nothing on
 * the rack's network. Inside, two apps (the same two-service source): one app's container reaches
 * its own api, the other's reaches neither that api by address or name, sees none of its processes and
 * runs as a host uid of its own. A stale chain of a killed rack is replaced; a stop leaves no rule.
 */
class NetworkFenceTest {
  private static final String PASSWORD = "test-password-1";
  private static final Pattern API_URL = Pattern.compile("API_URL=http://api\\.shop\\.ft\\.local:4000");
  private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));

  @Test
  void outsideReachesOnlyTheRouterAndAppsReachOnlyWhatTheyLink(@TempDir Path tmp) throws Exception {
    PodmanEngine engine = TestEngine.withBase();
    OutsideHost outside = OutsideHost.create("f3", 214);
    Path rackDir = tmp.resolve("rack");
    String rackId = ContainerRuntime.rackId(rackDir, "ft");
    FenceRules names = new FenceRules(FenceRules.prefixFor(rackId), "", "", "");
    try {
      // A rack killed with kill -9 left its chains: one with a rule letting everything in, hooked in twice.
      sh("iptables -N " + names.fwdChain() + " && iptables -A " + names.fwdChain() + " -j ACCEPT && iptables -I FORWARD 1 -j " + names.fwdChain()
          + " && iptables -I FORWARD 1 -j " + names.fwdChain());
      try (RackServer rack = RackServer.builder().name("ft").dir(rackDir).apiPort(0).routerBind("0.0.0.0").httpPort(0).httpsPort(0)
          .password(PASSWORD).endpointPorts(27300, 27399).runtime("containers").start()) {
        assertThat(jumps("FORWARD", names.fwdChain())).as("the stale hooks replaced by one").isEqualTo(1);
        assertThat(jumps("INPUT", names.inChain())).isEqualTo(1);
        assertThat(iptables("-S", names.fwdChain())).doesNotContain("-A " + names.fwdChain() + " -j ACCEPT");

        RackClient client = new RackClient(URI.create(rack.apiUrl()), PASSWORD);
        client.paramsSet(Map.of("Internal", "Yes"));
        deploy(client, "shop", Map.of("SHOP_SECRET", "marker-" + suffix));
        deploy(client, "other", Map.of());
        String web = fetch(rack.router().httpPort(), "shop-web.ft.localhost");
        assertThat(web).contains("api says: api image built by RUN");
        Matcher m = API_URL.matcher(web);
        assertThat(m.find()).as("links are DNS names: " + web).isTrue();
        String shopApi = host(client, "shop", "api");
        String shopWeb = container(engine, rackId, "shop", "web");
        String otherWeb = container(engine, rackId, "other", "web");
        String resolvConf = engine.exec(shopWeb, List.of("cat", "/etc/resolv.conf"), java.time.Duration.ofSeconds(20)).output();
        Matcher ns = Pattern.compile("nameserver ([0-9.]+)").matcher(resolvConf);
        assertThat(ns.find()).as(resolvConf).isTrue();
        String gateway = ns.group(1);

        // From outside: the router answers; api, the gateway's DNS, and every container do not.
        assertThat(outside.output("curl", "-s", "--max-time", "5", "-H", "Host: shop-web.ft.localhost", "http://" + outside.hostIp + ":" + rack.router().httpPort() + "/"))
            .contains("web here on port 3000");
        List<String> closed = new ArrayList<>(List.of(gateway + ":53"));
        for (String app : List.of("shop", "other")) {
          for (ProcessInfo p : client.processList(app)) {
            closed.add(p.host() + ":" + (p.service().equals("web") ? 3000 : 4000));
          }
        }
        for (String target : closed) {
          int code = outside.exit("curl", "-s", "-o", "/dev/null", "--max-time", "3", "http://" + target + "/");
          assertThat(code).as("curl %s from outside (7 refused, 28 timed out)", target).isIn(7, 28);
        }
        assertThat(outside.output("python3", "-c", DNS_PROBE, gateway)).as("a DNS query to the gateway from outside").contains("no answer");

        // Inside: shop's web reaches its api by address and by name; other's web, which does not link it, by neither.
        assertThat(connect(engine, shopWeb, shopApi + ":4000")).isEqualTo("open");
        assertThat(connect(engine, shopWeb, "api:4000")).isEqualTo("open");
        assertThat(connect(engine, otherWeb, shopApi + ":4000")).isEqualTo("closed");
        assertThat(connect(engine, otherWeb, "api.shop:4000")).isEqualTo("closed");

        // Tenants: other's container sees no process of shop's, its environment or the rack's files; it is no host root.
        String inside = engine.exec(otherWeb, List.of("sh", "-c", "cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c marker-; ls /proc | grep -c '^[0-9]'; "
            + "ls " + rackDir + " 2>&1; cat /proc/self/uid_map"), java.time.Duration.ofSeconds(20)).output();
        String[] lines = inside.strip().split("\n");
        assertThat(lines[0]).as(inside).isEqualTo("0");
        assertThat(Integer.parseInt(lines[1])).as("processes seen: " + inside).isLessThan(6);
        assertThat(inside).contains("No such file or directory");
        String[] map = lines[lines.length - 1].trim().split("\\s+");
        assertThat(map[0]).isEqualTo("0");
        assertThat(Long.parseLong(map[1])).as("container root on the host").isGreaterThanOrEqualTo(UserRanges.FIRST);
        String shopMap = engine.exec(shopWeb, List.of("cat", "/proc/self/uid_map"), java.time.Duration.ofSeconds(20)).output().trim();
        assertThat(shopMap.split("\\s+")[1]).as("two apps, two ranges").isNotEqualTo(map[1]);
        System.out.printf("fence: outside refused on %d addresses; other's root is host uid %s, shop's %s%n", closed.size(), map[1], shopMap.split("\\s+")[1]);
      }
      assertThat(iptables("-S")).as("no rule of the rack after it stopped").doesNotContain(names.prefix() + "-");
    } finally {
      outside.close();
      NetworkFence.remove(names);
      engine.removeNetwork(rackId);
      for (ContainerEngine.Container c : engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId))) {
        engine.remove(c.id());
      }
    }
  }

  /** Sends one DNS query (A of example.com) over UDP and says whether anything answered within 3 s. */
  private static final String DNS_PROBE = """
      import socket, sys
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
      s.sendto(bytes.fromhex('123401000001000000000000076578616d706c6503636f6d0000010001'), (sys.argv[1], 53))
      try:
          s.recvfrom(512); print('answered')
      except OSError:
          print('no answer')
      """;

  private static void deploy(RackClient client, String app, Map<String, String> env) throws java.io.IOException {
    client.appCreate(app);
    Build build = client.buildCreate(app, io.jrack.testing.SourceTar.of(TestEngine.resource("twoservice")), null);
    assertThat(build.status()).as(build.logs()).isEqualTo("complete");
    String release = env.isEmpty() ? build.release() : client.releaseCreate(app, build.id(), env).id();
    client.releasePromote(app, release);
  }

  private static String fetch(int port, String host) throws Exception {
    return io.jrack.testing.RawHttp.get(port, host, "/api").body();
  }

  private static String host(RackClient client, String app, String service) {
    return client.processList(app).stream().filter(p -> p.service().equals(service)).findFirst().orElseThrow().host();
  }

  private static String container(PodmanEngine engine, String rackId, String app, String service) throws EngineException {
    return engine.list(Map.of(ContainerRuntime.LABEL_RACK, rackId, ContainerRuntime.LABEL_APP, app, ContainerRuntime.LABEL_SERVICE, service))
        .stream().filter(ContainerEngine.Container::running).findFirst().orElseThrow().id();
  }

  /** "open" when a TCP connection from inside the container to {@code target} is accepted within 3 s. */
  private static String connect(PodmanEngine engine, String container, String target) throws EngineException {
    return engine.exec(container, List.of("perl", "-MIO::Socket::INET", "-e",
        "print IO::Socket::INET->new(PeerAddr => '" + target + "', Timeout => 3) ? 'open' : 'closed'"), java.time.Duration.ofSeconds(20)).output().strip();
  }

  private static int jumps(String hook, String chain) throws Exception {
    return (int) iptables("-S", hook).lines().filter(l -> l.equals("-A " + hook + " -j " + chain)).count();
  }

  private static void sh(String script) throws Exception {
    assertThat(OutsideHost.run("sh", "-c", script)).as(script).isZero();
  }

}
