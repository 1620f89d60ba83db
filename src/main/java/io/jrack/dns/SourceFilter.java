package io.jrack.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which source addresses may ask at all: a list of networks ({@code 10.89.0.0/24},
 * {@code fd00::/64}); empty means any. Bound to an address other machines can route to, the resolver
 * would otherwise be an open resolver, which floods can use to amplify their traffic.
 */
final class SourceFilter {
  private final List<Network> networks;

  private record Network(byte[] prefix, int bits) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[full] & mask) == (prefix[full] & mask);
    }
  }

  private SourceFilter(List<Network> networks) {
    this.networks = networks;
  }

  /** Parses each {@code address/bits}; a bad one is refused saying the value and the rule. */
  static SourceFilter of(List<String> cidrs) {
    return new SourceFilter(cidrs.stream().map(SourceFilter::parse).toList());
  }

  boolean allows(InetAddress source) {
    if (networks.isEmpty()) {
      return true;
    }
    byte[] a = source.getAddress();
    for (Network n : networks) {
      if (n.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static Network parse(String cidr) {
    String rule = "allowed source: \"%s\" (expected: an IP network, address/bits, e.g. 10.89.0.0/24 or fd00::/64)".formatted(cidr);
    int slash = cidr.indexOf('/');
    if (slash < 0 || !cidr.substring(0, slash).matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException(rule);
    }
    try {
      byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      int bits = Integer.parseInt(cidr.substring(slash + 1));
      if (bits < 0 || bits > prefix.length * 8) {
        throw new IllegalArgumentException(rule);
      }
      return new Network(prefix, bits);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException(rule, e);
    }
  }
}
