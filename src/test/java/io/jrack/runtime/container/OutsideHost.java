package io.jrack.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A machine on the same LAN as this one, made for a test: a network namespace joined to this
 * machine by a veth pair and routed to the racks' subnets ({@code 10.89.0.0/16}) through it. What it
 * reaches, a host off this machine could reach.
 */
final class OutsideHost implements AutoCloseable {
  private final String ns;
  private final String veth;
  /** This machine's address on the pair, as the outside host sees it. */
  final String hostIp;

  private OutsideHost(String ns, String veth, String hostIp) {
    this.ns = ns;
    this.veth = veth;
    this.hostIp = hostIp;
  }

  /** {@code tag}: two letters naming the test in interface names; {@code octet}: 10.OCTET.n.0/30 of its own. */
  static OutsideHost create(String tag, int octet) throws Exception {
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    int net = ThreadLocalRandom.current().nextInt(1, 250);
    String ns = tag + "out-" + suffix;
    assumeTrue(run("ip", "netns", "add", ns) == 0, "network namespaces need root and iproute2");
    OutsideHost h = new OutsideHost(ns, tag + "h" + suffix, "10." + octet + "." + net + ".1");
    String peer = tag + "o" + suffix;
    try {
      assertThat(run("ip", "link", "add", h.veth, "type", "veth", "peer", "name", peer)).isZero();
      assertThat(run("ip", "link", "set", peer, "netns", ns)).isZero();
      assertThat(run("ip", "addr", "add", h.hostIp + "/30", "dev", h.veth)).isZero();
      assertThat(run("ip", "link", "set", h.veth, "up")).isZero();
      assertThat(run("ip", "-n", ns, "addr", "add", "10." + octet + "." + net + ".2/30", "dev", peer)).isZero();
      assertThat(run("ip", "-n", ns, "link", "set", peer, "up")).isZero();
      assertThat(run("ip", "-n", ns, "link", "set", "lo", "up")).isZero();
      assertThat(run("ip", "-n", ns, "route", "add", "10.89.0.0/16", "via", h.hostIp)).isZero();
    } catch (Exception | AssertionError e) {
      h.close();
      throw e;
    }
    return h;
  }

  /** What {@code args} prints, run on the outside host. */
  String output(String... args) throws Exception {
    return output(inNamespace(args));
  }

  /** The exit code of {@code args} run on the outside host; -1 when it ran over 20 s. */
  int exit(String... args) throws Exception {
    return run(inNamespace(args).toArray(String[]::new));
  }

  private List<String> inNamespace(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      run("ip", "netns", "del", ns);
      run("ip", "link", "del", veth);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String iptables(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("iptables"));
    cmd.addAll(List.of(args));
    return output(cmd);
  }

  static String output(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(20, TimeUnit.SECONDS);
    return out;
  }

  static int run(String... cmd) throws java.io.IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
