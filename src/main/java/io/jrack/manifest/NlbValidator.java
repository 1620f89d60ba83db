package io.jrack.manifest;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gen2's NLB rules, with Convox's wording. For each listener the checks run in Convox's order:
 * port range, containerPort range, protocol, TLS needs a certificate, a certificate needs TLS,
 * certificate ARN, scheme, allow_cidr entries, then the port against the service's other listeners
 * and the other services'. Convox stops at the first problem; here each listener reports its first
 * problem, so one bad listener does not hide another.
 */
final class NlbValidator {
  /** ACM certificate ARNs and IAM server-certificate ARNs, in every AWS partition. */
  private static final Pattern CERTIFICATE_ARN =
      Pattern.compile("^arn:aws[-a-z]*:acm:[a-z0-9-]+:\\d{12}:certificate/[a-zA-Z0-9-]+$|^arn:aws[-a-z]*:iam::\\d{12}:server-certificate/.+$");

  private final Diagnostics diagnostics;

  NlbValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void validate(Manifest m) {
    Map<Integer, String> owners = new HashMap<>();
    for (Service s : m.services()) {
      if (!s.nlb().isEmpty() && s.agent().enabled()) {
        diagnostics.error(s.position(), "service %s: agent mode is incompatible with nlb ports (expected: agent or nlb, not both)".formatted(s.name()));
      }
      Map<Integer, Integer> seenPorts = new HashMap<>();
      Set<Integer> seenContainerPorts = new HashSet<>();
      for (Nlb np : s.nlb()) {
        String problem = listener(s.name(), np);
        if (problem == null) {
          problem = sharing(s.name(), np, seenPorts, seenContainerPorts, owners);
        }
        if (problem != null) {
          diagnostics.error(np.position(), problem);
          continue;
        }
        owners.put(np.port(), s.name());
        seenPorts.put(np.port(), np.containerPort());
        seenContainerPorts.add(np.containerPort());
      }
    }
  }

  /** The first problem with the listener's own values, or null. */
  private static String listener(String service, Nlb np) {
    if (np.port() < 1 || np.port() > 65535) {
      return "service %s: nlb port %d out of range (expected: 1-65535)".formatted(service, np.port());
    }
    if (np.containerPort() < 1 || np.containerPort() > 65535) {
      return "service %s: nlb containerPort %d out of range (expected: 1-65535)".formatted(service, np.containerPort());
    }
    String at = "service %s nlb port %d: ".formatted(service, np.port());
    boolean tls = np.protocol().equals("tls");
    boolean hasCertificate = np.certificate() != null && !np.certificate().isEmpty();
    if (!tls && !np.protocol().equals("tcp")) {
      return at + "protocol must be tcp or tls, got \"%s\"".formatted(np.protocol());
    }
    if (tls && !hasCertificate) {
      return at + "protocol tls requires a certificate (provide an ACM ARN; run 'convox certs list' to see available ARNs)";
    }
    if (!tls && hasCertificate) {
      return at + "certificate is only valid with protocol: tls";
    }
    if (hasCertificate && !CERTIFICATE_ARN.matcher(np.certificate()).matches()) {
      return at + "certificate must be a full ACM or IAM server-certificate ARN, got \"%s\" (run 'convox certs list' to see available ARNs)".formatted(np.certificate());
    }
    if (!np.scheme().equals("public") && !np.scheme().equals("internal")) {
      return at + "scheme must be public or internal, got \"%s\"".formatted(np.scheme());
    }
    Set<String> seen = new HashSet<>();
    for (String cidr : np.allowCidr()) {
      if (cidr.contains(":")) {
        return at + "allow_cidr entry \"%s\" is not a valid IPv4 CIDR (IPv6 not supported)".formatted(cidr);
      }
      if (!Cidr.isValid(cidr) || !cidr.equals(cidr.strip())) {
        return at + "allow_cidr entry \"%s\" is not a valid IPv4 CIDR (e.g. 10.0.0.0/16)".formatted(cidr);
      }
      if (!Cidr.isCanonical(cidr)) {
        return at + "allow_cidr entry \"%s\" is not canonical; use \"%s\" instead".formatted(cidr, Cidr.canonical(cidr));
      }
      if (!seen.add(cidr)) {
        return at + "allow_cidr contains duplicate entry: " + cidr;
      }
    }
    return null;
  }

  /** The first clash of the listener's ports with the service's other listeners or another service's. */
  private static String sharing(String service, Nlb np, Map<Integer, Integer> seenPorts, Set<Integer> seenContainerPorts, Map<Integer, String> owners) {
    Integer existing = seenPorts.get(np.port());
    if (existing != null) {
      return existing != np.containerPort()
          ? "service %s: nlb port %d declared with conflicting containerPort values".formatted(service, np.port())
          : "service %s: duplicate nlb port %d".formatted(service, np.port());
    }
    if (seenContainerPorts.contains(np.containerPort())) {
      return "service %s: nlb containerPort %d used by multiple nlb listeners".formatted(service, np.containerPort());
    }
    String owner = owners.get(np.port());
    if (owner != null && !owner.equals(service)) {
      return "nlb port %d declared by services %s and %s; rack NLB listener is shared, each port must be unique across services".formatted(np.port(), owner, service);
    }
    return null;
  }
}
