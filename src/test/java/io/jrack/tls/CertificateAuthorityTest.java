package io.jrack.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

  @Test
  void createdOnceReloadedAfterwardsAndSignsServerCertificates(@TempDir Path dir) throws Exception {
    CertificateAuthority first = CertificateAuthority.loadOrCreate(dir, "dev");
    CertificateAuthority.Issued issued = first.issue(List.of("*.dev.localhost", "dev.localhost"));
    issued.certificate().verify(first.certificate().getPublicKey());
    assertThat(issued.certificate().getSubjectAlternativeNames()).extracting(e -> (Object) e.get(1)).containsExactly("*.dev.localhost", "dev.localhost");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls/ca.key")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls/server.key")))).isEqualTo("rw-------");

    CertificateAuthority again = CertificateAuthority.loadOrCreate(dir, "dev");
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(again.issue(List.of("*.dev.localhost", "dev.localhost")).certificate()).isEqualTo(issued.certificate());
    CertificateAuthority.Issued renamed = again.issue(List.of("*.other.localhost"));
    assertThat(renamed.certificate()).isNotEqualTo(issued.certificate());
    renamed.certificate().verify(first.certificate().getPublicKey());
    assertThat(again.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
  }
}
