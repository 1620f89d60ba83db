package io.jrack.sdk;

import io.jrack.rack.wire.WireCertificate;
import io.jrack.rack.wire.WireService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rack's certificates and which app ports serve them ({@code convox certs}, {@code convox ssl}).
 */
final class CertificateCalls extends RackCalls {
  CertificateCalls(Http http) {
    super(http);
  }

  List<io.jrack.rack.CertificateInfo> certificateList() {
    return list("GET", "/certificates", WireCertificate.class).stream().map(WireCertificate::toCertificate).toList();
  }

  /** structs.CertificateCreateOptions: {@code pub}, {@code key} and {@code chain} when given. */
  io.jrack.rack.CertificateInfo certificateCreate(String pub, String key, String chain) {
    Map<String, String> params = new java.util.TreeMap<>(Map.of("pub", pub, "key", key));
    if (chain != null) {
      params.put("chain", chain);
    }
    return form("POST", "/certificates", params, WireCertificate.class).toCertificate();
  }

  /** The client's CertificateGenerate: the names comma-joined in {@code domains}. */
  io.jrack.rack.CertificateInfo certificateGenerate(List<String> domains) {
    return form("POST", "/certificates/generate", Map.of("domains", String.join(",", domains)), WireCertificate.class).toCertificate();
  }

  void certificateDelete(String id) {
    check(send("DELETE", "/certificates/" + seg(id)));
  }

  void certificateApply(String app, String service, int port, String id) {
    check(sendForm("PUT", "/apps/" + seg(app) + "/ssl/" + seg(service) + "/" + port, Map.of("id", id)));
  }

  /** Read as {@code convox ssl} reads it: the {@code certificate} of each service's ports. */
  Map<String, String> certificatesApplied(String app) {
    Map<String, String> out = new LinkedHashMap<>();
    for (WireService s : list("GET", "/apps/" + seg(app) + "/services", WireService.class)) {
      for (WireService.Port p : s.ports() == null ? List.<WireService.Port>of() : s.ports()) {
        if (p.certificate() != null && !p.certificate().isEmpty()) {
          out.put(s.name() + ":" + p.balancer(), p.certificate());
        }
      }
    }
    return out;
  }
}
