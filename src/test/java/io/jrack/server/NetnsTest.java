package io.jrack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrack.testing.RackMain;
import io.jrack.testing.TestRack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From outside the rack, for real: the rack runs in one network namespace made by this test, the
 * client in another, joined by a veth pair (addresses exist only inside these namespaces). The
 * client reaches web through the router and cannot reach api by any listener, endpoint or process port.
 */
class NetnsTest {
  private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
  private final String rackNs = "jr-rack-" + suffix;
  private final String outNs = "jr-out-" + suffix;
  private final int subnet = ThreadLocalRandom.current().nextInt(1, 250);
  private final String rackIp = "10.213." + subnet + ".1";
  private Process rack;

  @AfterEach
  void cleanUp() throws Exception {
    if (rack != null) {
      rack.destroy();
      rack.waitFor(30, TimeUnit.SECONDS);
    }
    run("ip", "netns", "del", rackNs);
    run("ip", "netns", "del", outNs);
  }

  @Test
  void outsideClientReachesWebButNeverApi(@TempDir Path tmp) throws Exception {
    boolean ok = run("ip", "netns", "add", rackNs) == 0 && run("ip", "netns", "add", outNs) == 0;
    assumeTrue(ok, () -> {
      System.out.println("SKIPPED NetnsTest: cannot create network namespaces here (needs root and iproute2)");
      return "no network namespaces";
    });
    assumeTrue(run("which", "curl") == 0, "curl is needed inside the namespace");
    String veth = "jrv" + suffix;
    assertThat(run("ip", "link", "add", veth + "a", "type", "veth", "peer", "name", veth + "b")).isZero();
    assertThat(run("ip", "link", "set", veth + "a", "netns", rackNs)).isZero();
    assertThat(run("ip", "link", "set", veth + "b", "netns", outNs)).isZero();
    assertThat(run("ip", "-n", rackNs, "addr", "add", rackIp + "/30", "dev", veth + "a")).isZero();
    assertThat(run("ip", "-n", outNs, "addr", "add", "10.213." + subnet + ".2/30", "dev", veth + "b")).isZero();
    for (String[] up : List.of(new String[] {rackNs, veth + "a"}, new String[] {rackNs, "lo"}, new String[] {outNs, veth + "b"}, new String[] {outNs, "lo"})) {
      assertThat(run("ip", "-n", up[0], "link", "set", up[1], "up")).isZero();
    }

    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", rackNs, ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 23) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RackMain.class.getName(), tmp.resolve("rack").toString(), TestRack.PASSWORD,
        "0.0.0.0", SeedFlowTest.NODEDEMO.toAbsolutePath().toString()));
    rack = new ProcessBuilder(cmd).redirectError(tmp.resolve("rack.log").toFile()).start();
    int http = -1;
    Map<String, Integer> endpoints = new LinkedHashMap<>();
    Map<String, Integer> processes = new LinkedHashMap<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(rack.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null && !line.equals("READY"); line = out.readLine()) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "HTTP" -> http = Integer.parseInt(f[1]);
        case "ENDPOINT" -> endpoints.put(f[1], Integer.parseInt(f[2]));
        case "PROCESS" -> processes.put(f[1], Integer.parseInt(f[2]));
        default -> {}
      }
    }
    assertThat(http).as("rack log: " + tmp.resolve("rack.log")).isPositive();
    assertThat(endpoints).containsKey("api");

    String base = "http://" + rackIp + ":" + http + "/";
    assertThat(curl("-H", "Host: nodedemo-web.dev.localhost", base)).contains("api says: {\"service\":\"api\"");
    assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: nodedemo-api.dev.localhost", base)).isEqualTo("404");
    assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: " + rackIp + ":" + endpoints.get("api"), base)).isEqualTo("404");
    assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", base)).isEqualTo("404");
    assertThat(curlExit("http://" + rackIp + ":" + endpoints.get("api") + "/")).as("api endpoint from outside").isEqualTo(7);
    assertThat(curlExit("http://" + rackIp + ":" + processes.get("api") + "/")).as("api process from outside").isEqualTo(7);
    assertThat(curlExit("http://" + rackIp + ":" + processes.get("web") + "/")).as("web process from outside").isEqualTo(7);
    System.out.printf("netns: web reachable from outside on %s:%d; api refused on endpoint %d and process %d%n", rackIp, http, endpoints.get("api"), processes.get("api"));
  }

  private String curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", outNs, "curl", "-s", "--max-time", "10"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(20, TimeUnit.SECONDS);
    return text;
  }

  private int curlExit(String url) throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "exec", outNs, "curl", "-s", "-o", "/dev/null", "--max-time", "5", url).start();
    p.waitFor(20, TimeUnit.SECONDS);
    return p.exitValue();
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
