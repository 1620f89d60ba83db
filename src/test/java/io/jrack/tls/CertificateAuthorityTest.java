package io.jrack.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rack's CA: private, short-lived and renewed, and name-constrained, so that whoever holds its
 * key can mint certificates for the rack's own names only, which a PKIX client (the JDK's, and
 * OpenSSL where installed) checks.
 */
class CertificateAuthorityTest {
  static final List<String> ROUTER_NAMES = List.of("*.dev.localhost", "dev.localhost", "localhost");

  static Scope scope(String routerHost) throws Exception {
    return Scope.of(List.of(routerHost, "localhost", "127.0.0.0/8", "::1"));
  }

  @Test
  void createdOnceReloadedAfterwardsAndSignsServerCertificates(@TempDir Path dir) throws Exception {
    CertificateAuthority first = CertificateAuthority.loadOrCreate(dir, "dev", scope("dev.localhost"));
    CertificateAuthority.Issued issued = first.issue(ROUTER_NAMES);
    issued.certificate().verify(first.certificate().getPublicKey());
    assertThat(issued.certificate().getSubjectAlternativeNames()).extracting(e -> (Object) e.get(1)).containsExactlyElementsOf(ROUTER_NAMES);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls/ca.key")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls/server.key")))).isEqualTo("rw-------");

    CertificateAuthority again = CertificateAuthority.loadOrCreate(dir, "dev", scope("dev.localhost"));
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(again.issue(ROUTER_NAMES).certificate()).isEqualTo(issued.certificate());
    CertificateAuthority.Issued renamed = again.issue(List.of("localhost"));
    assertThat(renamed.certificate()).isNotEqualTo(issued.certificate());
    renamed.certificate().verify(first.certificate().getPublicKey());
    assertThat(again.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void theCaIsNameConstrainedSignsNoOtherCaAndLastsAYear(@TempDir Path dir) throws Exception {
    X509Certificate ca = CertificateAuthority.loadOrCreate(dir, "dev", scope("dev.localhost")).certificate();
    assertThat(ca.getBasicConstraints()).isZero(); // a CA, path length 0
    assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.30"); // name constraints, critical
    Scope constrained = Scope.of(ca);
    assertThat(constrained).isNotNull();
    assertThat(constrained.dnsNames()).containsExactlyInAnyOrder("dev.localhost", "localhost");
    assertThat(constrained.ipRanges()).containsExactlyInAnyOrder("127.0.0.0/8", "0:0:0:0:0:0:0:1/128");
    assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant())).isLessThanOrEqualTo(Duration.ofDays(366));
    X509Certificate leaf = CertificateAuthority.loadOrCreate(dir, "dev", scope("dev.localhost")).issue(ROUTER_NAMES).certificate();
    assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())).isLessThanOrEqualTo(Duration.ofDays(91));
  }

  @Test
  void aCertificateForAnotherSiteFailsValidationWhileTheRoutersPasses(@TempDir Path dir) throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "dev", scope("rack.example.test"));
    X509Certificate router = ca.issue(List.of("*.rack.example.test", "rack.example.test", "localhost")).certificate();
    X509Certificate api = ca.issue("api", List.of("localhost", "127.0.0.1")).certificate();
    // Whoever holds the key can sign anything; the constraints make clients refuse it.
    X509Certificate foreign = ca.issue("foreign", List.of("example.com")).certificate();
    X509Certificate foreignAddress = ca.issue("foreign-ip", List.of("10.1.2.3")).certificate();
    X509Certificate lookalike = ca.issue("lookalike", List.of("evilrack.example.test")).certificate();
    X509Certificate parent = ca.issue("parent", List.of("example.test")).certificate();

    validate(ca.certificate(), router);
    validate(ca.certificate(), api);
    for (X509Certificate bad : List.of(foreign, foreignAddress, lookalike, parent)) {
      assertThatThrownBy(() -> validate(ca.certificate(), bad)).as(bad.getSubjectX500Principal().getName())
          .isInstanceOf(CertPathValidatorException.class).hasMessageContaining("name constraints");
    }

    // OpenSSL, a client of another make, reads the constraints from the trusted certificate itself.
    if (Files.isExecutable(Path.of("/usr/bin/openssl"))) {
      Path caFile = dir.resolve("tls/ca.pem");
      assertThat(openssl(caFile, dir.resolve("tls/server.pem"))).contains(": OK");
      assertThat(openssl(caFile, dir.resolve("tls/api.pem"))).contains(": OK");
      for (String bad : List.of("foreign", "foreign-ip", "lookalike", "parent")) {
        assertThat(openssl(caFile, dir.resolve("tls/" + bad + ".pem"))).as(bad).contains("permitted subtree violation");
      }
    }
  }

  @Test
  void aCaExpiringWithinThirtyDaysOrForOtherNamesIsRenewedAtStartAndItsCertificatesReissued(@TempDir Path dir) throws Exception {
    CertificateAuthority first = CertificateAuthority.loadOrCreate(dir, "dev", scope("dev.localhost"));
    X509Certificate firstLeaf = first.issue(ROUTER_NAMES).certificate();

    // 340 days on, the CA has 25 days left: a start makes a new one, and the router's certificate is signed again.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(340)), ZoneOffset.UTC);
    CertificateAuthority renewed = CertificateAuthority.loadOrCreate(dir, "dev", scope("dev.localhost"), later);
    assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
    assertThat(renewed.certificate().getPublicKey()).isNotEqualTo(first.certificate().getPublicKey());
    assertThat(renewed.certificate().getNotAfter().toInstant()).isAfter(later.instant().plus(Duration.ofDays(364)));
    X509Certificate leaf = renewed.issue(ROUTER_NAMES).certificate();
    assertThat(leaf).isNotEqualTo(firstLeaf);
    validate(renewed.certificate(), leaf);
    assertThatThrownBy(() -> validate(renewed.certificate(), firstLeaf)).isInstanceOf(CertPathValidatorException.class);
    // Today, with 365 days left, it is kept.
    assertThat(CertificateAuthority.loadOrCreate(dir, "dev", scope("dev.localhost"), later).certificate()).isEqualTo(renewed.certificate());

    // A new RouterHost: the CA's constraints must name it, so it is made anew.
    CertificateAuthority moved = CertificateAuthority.loadOrCreate(dir, "dev", scope("rack.example.test"), later);
    assertThat(moved.certificate()).isNotEqualTo(renewed.certificate());
    assertThat(Scope.of(moved.certificate()).dnsNames()).containsExactlyInAnyOrder("rack.example.test", "localhost");
  }

  /**
   * RFC 5280 path validation with the JDK's PKIX, trusting the rack CA's key: the path is the chain
   * the router sends (its certificate, then the CA's). The JDK, like BouncyCastle, ignores the name
   * constraints of a trust anchor given as a certificate (browsers, Go and OpenSSL apply them), so
   * the anchor is the CA's name and key and the CA's certificate is validated as part of the path,
   * where its constraints apply.
   */
  static void validate(X509Certificate ca, X509Certificate leaf) throws Exception {
    CertificateFactory f = CertificateFactory.getInstance("X.509");
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.getSubjectX500Principal(), ca.getPublicKey(), null)));
    params.setRevocationEnabled(false);
    params.setDate(java.util.Date.from(ca.getNotBefore().toInstant().plus(Duration.ofHours(2))));
    CertPathValidator.getInstance("PKIX").validate(f.generateCertPath(List.of(leaf, ca)), params);
  }

  private static String openssl(Path ca, Path cert) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/openssl", "verify", "-CAfile", ca.toString(), cert.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
