package io.jrack.runtime.container;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rack's packet filter ({@link FenceRules}), kept by {@code iptables}/{@code iptables-restore}
 * (the nf_tables or legacy backend, whichever the machine's {@code iptables} is): its chains are
 * created when the rack starts, rewritten whole each time a container joins or leaves, and removed
 * when it stops. A rack killed without stopping leaves them, still closed to the outside; its next
 * start replaces them. It also hands out the containers' addresses, so that a container's rules
 * are in place before it starts and an address is never given again while rules name it.
 */
final class NetworkFence implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkFence.class);
  private static final Path BRIDGE_FILTER = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");

  private final FenceRules rules;
  private final int network;
  private final int size;
  private final int gateway;
  private final Map<String, FenceRules.Member> members = new LinkedHashMap<>();
  private final Set<Integer> taken = new HashSet<>();
  private int cursor = 1;
  private boolean closed;

  private NetworkFence(FenceRules rules, int network, int size, int gateway) {
    this.rules = rules;
    this.network = network;
    this.size = size;
    this.gateway = gateway;
  }

  /**
   * The fence of the network whose host address is {@code gateway}: its chains made (or replaced)
   * and hooked in; the rack's containers may open {@code routerPorts} of the gateway (the internal router).
   */
  static NetworkFence open(String rackId, String gateway, List<Integer> routerPorts) throws EngineException {
    InetAddress gw;
    NetworkInterface bridge;
    try {
      gw = InetAddress.getByName(gateway);
      bridge = NetworkInterface.getByInetAddress(gw);
    } catch (IOException e) {
      throw new EngineException("network fence: gateway " + gateway + ": " + e.getMessage());
    }
    if (bridge == null) {
      throw new EngineException("network fence: no interface of this machine has the gateway address " + gateway);
    }
    int prefix = bridge.getInterfaceAddresses().stream().filter(a -> a.getAddress().equals(gw)).mapToInt(InterfaceAddress::getNetworkPrefixLength).findFirst().orElse(24);
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    int net = toInt(gw) & mask;
    String subnet = toText(net) + "/" + prefix;
    NetworkFence fence = new NetworkFence(new FenceRules(FenceRules.prefixFor(rackId), bridge.getName(), subnet, gateway, routerPorts), net, 1 << (32 - prefix), toInt(gw));
    bridgeFilter();
    fence.apply();
    hook("INPUT", fence.rules.inChain());
    hook("FORWARD", fence.rules.fwdChain());
    LOG.info("network fence: chains {} and {} on {} ({}, gateway {})", fence.rules.inChain(), fence.rules.fwdChain(), bridge.getName(), subnet, gateway);
    return fence;
  }

  FenceRules rules() {
    return rules;
  }

  /**
   * An address for a new container with its rules in place: after this, the container may be
   * started on it. {@link #release} when the container is gone.
   */
  synchronized String admit(String app, String service, Set<Integer> relayPorts, Set<String> links) throws EngineException {
    for (int tries = 0; tries < size; tries++) {
      cursor = cursor + 1 >= size - 1 ? 2 : cursor + 1;
      int candidate = network + cursor;
      String ip = toText(candidate);
      if (candidate == gateway || taken.contains(candidate) || members.containsKey(ip)) {
        continue;
      }
      members.put(ip, new FenceRules.Member(ip, app, service, Set.copyOf(relayPorts), Set.copyOf(links)));
      apply();
      return ip;
    }
    throw new EngineException("network " + rules.subnet() + " is full: no address left for another container");
  }

  /** The address turned out to be used by a container the fence did not place: never offered again. */
  synchronized void foreign(String ip) throws EngineException {
    members.remove(ip);
    taken.add(toIntQuietly(ip));
    apply();
  }

  /** The container on {@code ip} is gone: its rules go, and its address may be given again. */
  synchronized void release(String ip) {
    if (members.remove(ip) != null && !closed) {
      try {
        apply();
      } catch (EngineException e) {
        LOG.warn("network fence: {}", e.getMessage());
      }
    }
  }

  private void apply() throws EngineException {
    Result r = run(List.of("iptables-restore", "--noflush"), rules.render(members.values()));
    if (r.code() != 0) {
      throw new EngineException("network fence: iptables-restore: " + r.output().strip());
    }
  }

  /** Exactly one jump from {@code hook} to {@code chain}, first in the hook (before Podman's own accepts). */
  private static void hook(String hook, String chain) throws EngineException {
    List<Integer> at = jumps(hook, chain);
    if (at.size() == 1 && at.get(0) == 1) {
      return;
    }
    // By rule, never by number: other racks hook themselves in at the same time, and numbers move.
    for (int i = 0; i < at.size(); i++) {
      check(run(List.of("iptables", "-w", "-D", hook, "-j", chain), ""));
    }
    check(run(List.of("iptables", "-w", "-I", hook, "1", "-j", chain), ""));
  }

  /** The rule numbers of the jumps from {@code hook} to {@code chain}. */
  private static List<Integer> jumps(String hook, String chain) throws EngineException {
    Result r = check(run(List.of("iptables", "-w", "-S", hook), ""));
    List<Integer> at = new ArrayList<>();
    int n = 0;
    for (String line : r.output().split("\n")) {
      if (line.startsWith("-A " + hook + " ")) {
        n++;
        if (line.equals("-A " + hook + " -j " + chain)) {
          at.add(n);
        }
      }
    }
    return at;
  }

  /**
   * Takes the chains out and deletes them. Not called on a kill: the chains then stay, still
   * fencing the network, until the next start replaces them.
   */
  @Override
  public synchronized void close() {
    closed = true;
    remove(rules);
  }

  /** Removes a rack's chains (after its network is gone), whatever they hold. */
  static void remove(FenceRules rules) {
    try {
      for (String[] h : List.of(new String[] {"INPUT", rules.inChain()}, new String[] {"FORWARD", rules.fwdChain()})) {
        List<Integer> at = jumps(h[0], h[1]);
        for (int i = 0; i < at.size(); i++) {
          run(List.of("iptables", "-w", "-D", h[0], "-j", h[1]), "");
        }
      }
      for (String chain : List.of(rules.inChain(), rules.fwdChain())) {
        run(List.of("iptables", "-w", "-F", chain), "");
        run(List.of("iptables", "-w", "-X", chain), "");
      }
    } catch (EngineException e) {
      LOG.warn("network fence: could not remove the chains of {}: {}", rules.prefix(), e.getMessage());
    }
  }

  /**
   * Container-to-container traffic crosses the bridge without reaching iptables unless the kernel
   * is told to pass bridged packets through it (as Docker and Podman's own setups do).
   */
  private static void bridgeFilter() throws EngineException {
    try {
      if (!Files.exists(BRIDGE_FILTER)) {
        run(List.of("modprobe", "br_netfilter"), "");
      }
      if (Files.exists(BRIDGE_FILTER) && !Files.readString(BRIDGE_FILTER).strip().equals("1")) {
        Files.writeString(BRIDGE_FILTER, "1");
        LOG.info("network fence: bridged packets now pass through iptables ({} = 1)", BRIDGE_FILTER);
      }
    } catch (IOException e) {
      LOG.warn("network fence: {} could not be set ({}): containers of different apps are not kept apart", BRIDGE_FILTER, e.getMessage());
      return;
    }
    if (!Files.exists(BRIDGE_FILTER)) {
      LOG.warn("network fence: the kernel has no br_netfilter: containers of different apps are not kept apart");
    }
  }

  record Result(int code, String output) {}

  private static Result check(Result r) throws EngineException {
    if (r.code() != 0) {
      throw new EngineException("network fence: " + r.output().strip());
    }
    return r;
  }

  static Result run(List<String> command, String input) throws EngineException {
    List<String> cmd = new ArrayList<>(command);
    PodmanEngine.onPath(cmd.get(0)).ifPresent(p -> cmd.set(0, p.toString()));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (var in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new EngineException("network fence: " + String.join(" ", command) + ": no answer after 30 s");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new EngineException("network fence: " + command.get(0) + " could not run (" + e.getMessage() + "); apt-get install iptables");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("network fence: interrupted");
    }
  }

  private static int toInt(InetAddress a) {
    byte[] b = a.getAddress();
    if (!(a instanceof Inet4Address)) {
      throw new IllegalArgumentException("not an IPv4 address: " + a);
    }
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static int toIntQuietly(String ip) {
    String[] p = ip.split("\\.");
    return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
  }

  private static String toText(int a) {
    return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
  }
}
