package io.jrack.runtime.container;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The packet filter of one rack's network, as {@code iptables-restore --noflush} input for the
 * filter table: two chains of the rack's own, {@code <rack>-in} (jumped to from INPUT) and {@code
 * <rack>-fwd} (from FORWARD), rendered whole from who is on the network so that one restore
 * replaces them atomically.
 *
 * <p>What they say: nothing that does not come in by the rack's bridge reaches a container or the
 * gateway address (the relays of the rack's loopback, its DNS); a container opens connections to
 * containers of its own app, to the containers of services of other apps its own links name, and
 * to the gateway's DNS port, the internal router's ports and the relayed ports its environment names
 * (links, resources), and to nothing else on the network. Connections out of the rack (the internet) are left to Podman's own rules.
 */
record FenceRules(String prefix, String bridge, String subnet, String gateway, List<Integer> routerPorts) {
  /** The longest chain name iptables takes is 28 characters; ours add four. */
  static final int MAX_PREFIX = 24;

  /** A container on the network: its address, app and service, the gateway ports it may open, the {@code app/service} it links. */
  record Member(String ip, String app, String service, Set<Integer> relayPorts, Set<String> links) {}

  /** A fence with no internal router on the gateway. */
  FenceRules(String prefix, String bridge, String subnet, String gateway) {
    this(prefix, bridge, subnet, gateway, List.of());
  }

  FenceRules {
    routerPorts = List.copyOf(routerPorts);
  }

  String inChain() {
    return prefix + "-in";
  }

  String fwdChain() {
    return prefix + "-fwd";
  }

  /** The chains' prefix for a rack id: the id itself when it fits, else a shortened id that stays unique. */
  static String prefixFor(String rackId) {
    if (rackId.length() <= MAX_PREFIX) {
      return rackId;
    }
    String hash = Integer.toHexString(rackId.hashCode() & 0xfffffff);
    return rackId.substring(0, MAX_PREFIX - hash.length() - 1) + "-" + hash;
  }

  /** Both chains, emptied and filled again. */
  String render(Collection<Member> members) {
    StringBuilder out = new StringBuilder("*filter\n");
    out.append(':').append(inChain()).append(" - [0:0]\n");
    out.append(':').append(fwdChain()).append(" - [0:0]\n");
    input(out, members);
    forward(out, members);
    return out.append("COMMIT\n").toString();
  }

  private void input(StringBuilder out, Collection<Member> members) {
    String in = "-A " + inChain() + " ";
    String gw = " -d " + gateway + "/32";
    out.append(in).append("-i lo -j RETURN\n");
    // Nobody but the rack's containers speaks to the gateway address: not a host routed to it, not another rack.
    out.append(in).append("! -i ").append(bridge).append(gw).append(" -j DROP\n");
    out.append(in).append("-i ").append(bridge).append(" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
    out.append(in).append("-i ").append(bridge).append(gw).append(" -p icmp -j RETURN\n");
    for (String proto : List.of("udp", "tcp")) {
      out.append(in).append("-i ").append(bridge).append(gw).append(" -p ").append(proto).append(" --dport 53 -j RETURN\n");
    }
    // The internal router (the router's listeners, as reached on the gateway): open to every container of the rack.
    for (int port : new TreeSet<>(routerPorts)) {
      out.append(in).append("-i ").append(bridge).append(gw).append(" -p tcp --dport ").append(port).append(" -j RETURN\n");
    }
    for (Member m : sorted(members)) {
      for (int port : new TreeSet<>(m.relayPorts())) {
        out.append(in).append("-i ").append(bridge).append(" -s ").append(m.ip()).append("/32").append(gw)
            .append(" -p tcp --dport ").append(port).append(" -j RETURN\n");
      }
    }
    out.append(in).append("-i ").append(bridge).append(gw).append(" -p tcp -j REJECT --reject-with tcp-reset\n");
    out.append(in).append("-i ").append(bridge).append(gw).append(" -j REJECT\n");
  }

  private void forward(StringBuilder out, Collection<Member> members) {
    String fwd = "-A " + fwdChain() + " ";
    String both = "-i " + bridge + " -o " + bridge;
    out.append(fwd).append("-d ").append(subnet).append(" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
    // The fence: a host routed to the subnet (Podman turns forwarding on), or another rack's containers.
    out.append(fwd).append("-d ").append(subnet).append(" ! -i ").append(bridge).append(" -j DROP\n");
    List<Member> all = sorted(members);
    for (Member to : all) {
      for (Member from : all) {
        if (from != to && allowed(from, to)) {
          out.append(fwd).append(both).append(" -s ").append(from.ip()).append("/32 -d ").append(to.ip()).append("/32 -j ACCEPT\n");
        }
      }
    }
    out.append(fwd).append(both).append(" -p tcp -j REJECT --reject-with tcp-reset\n");
    out.append(fwd).append(both).append(" -j REJECT\n");
  }

  /** Same app, or a link of the source's app to the destination's service. */
  static boolean allowed(Member from, Member to) {
    return from.app().equals(to.app()) || from.links().contains(to.app() + "/" + to.service());
  }

  private static List<Member> sorted(Collection<Member> members) {
    return members.stream().sorted(java.util.Comparator.comparing(Member::app).thenComparing(Member::ip)).toList();
  }
}
