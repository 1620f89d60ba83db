package io.jrack.rack.wire;

import io.jrack.rack.CertificateInfo;
import java.time.Instant;
import java.util.List;

/** structs.Certificate: {@code id}, {@code domain} (the first name), {@code domains}, {@code expiration} (RFC 3339). */
public record WireCertificate(String id, String domain, List<String> domains, Instant expiration) {

  public static WireCertificate of(CertificateInfo c) {
    return new WireCertificate(c.id(), c.domain(), c.domains(), c.expiration());
  }

  public CertificateInfo toCertificate() {
    return new CertificateInfo(id, domain, domains, expiration);
  }
}
