package io.jrack.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * The names the rack's CA may sign for (its X.509 name constraints): DNS names, each with every
 * name under it ({@code dev.localhost} covers {@code *.dev.localhost}), and IP ranges
 * ({@code 127.0.0.0/8}; a bare address is that address alone). With IP ranges listed, an address
 * outside them is refused too; without any, RFC 5280 would leave addresses unconstrained, so a
 * scope always lists at least one.
 */
public record Scope(Set<String> dnsNames, Set<String> ipRanges) {

  public Scope {
    dnsNames = Set.copyOf(new TreeSet<>(dnsNames));
    ipRanges = Set.copyOf(new TreeSet<>(ipRanges));
    if (ipRanges.isEmpty()) {
      throw new IllegalArgumentException("a CA scope needs at least one IP range (none would allow every address)");
    }
  }

  /** {@code names}: host names and IP addresses or ranges ({@code 127.0.0.0/8}), as given. */
  public static Scope of(List<String> names) throws IOException {
    Set<String> dns = new TreeSet<>();
    Set<String> ips = new TreeSet<>();
    for (String n : names) {
      if (n.matches("[0-9.]+(/[0-9]+)?") || n.contains(":")) {
        String address = n.contains("/") ? n.substring(0, n.indexOf('/')) : n;
        byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        int prefix = n.contains("/") ? Integer.parseInt(n.substring(n.indexOf('/') + 1)) : bytes.length * 8;
        ips.add(text(bytes, prefix));
      } else {
        dns.add(n.startsWith("*.") ? n.substring(2) : n);
      }
    }
    return new Scope(dns, ips);
  }

  /** The scope a CA certificate is constrained to, or null when it has no name constraints. */
  static Scope of(X509Certificate ca) throws IOException {
    byte[] ext = ca.getExtensionValue(Extension.nameConstraints.getId());
    if (ext == null) {
      return null;
    }
    NameConstraints nc = NameConstraints.getInstance(ASN1OctetString.getInstance(ext).getOctets());
    Set<String> dns = new TreeSet<>();
    Set<String> ips = new TreeSet<>();
    for (GeneralSubtree t : nc.getPermittedSubtrees() == null ? new GeneralSubtree[0] : nc.getPermittedSubtrees()) {
      GeneralName g = t.getBase();
      if (g.getTagNo() == GeneralName.dNSName) {
        dns.add(g.getName().toString());
      } else if (g.getTagNo() == GeneralName.iPAddress) {
        ips.add(cidr(DEROctetString.getInstance(g.getName()).getOctets()));
      }
    }
    return ips.isEmpty() ? null : new Scope(dns, ips);
  }

  /**
   * Whether a DNS name ({@code *.x} for a wildcard) is in scope: one of the names or under one, as a
   * verifier applies the constraints (RFC 5280 4.2.1.10).
   */
  public boolean permits(String dnsName) {
    String n = dnsName.toLowerCase(java.util.Locale.ROOT);
    if (n.startsWith("*.")) {
      n = n.substring(2);
    }
    for (String d : dnsNames) {
      if (n.equals(d) || n.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }

  /** Permitted subtrees only: everything else is excluded by not being listed. */
  NameConstraints nameConstraints() {
    List<GeneralSubtree> permitted = new ArrayList<>();
    dnsNames.stream().sorted().forEach(d -> permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, d))));
    // BouncyCastle reads "address/prefix" into the address-and-mask octets X.509 wants.
    ipRanges.stream().sorted().forEach(ip -> permitted.add(new GeneralSubtree(new GeneralName(GeneralName.iPAddress, ip))));
    return new NameConstraints(permitted.toArray(GeneralSubtree[]::new), null);
  }

  private static String cidr(byte[] addressAndMask) throws IOException {
    int half = addressAndMask.length / 2;
    byte[] address = java.util.Arrays.copyOf(addressAndMask, half);
    int prefix = 0;
    for (int i = half; i < addressAndMask.length; i++) {
      prefix += Integer.bitCount(addressAndMask[i] & 0xff);
    }
    return text(address, prefix);
  }

  /** One spelling per range, so a scope read back from a certificate equals the one it was made from. */
  private static String text(byte[] address, int prefix) throws IOException {
    return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
  }
}
