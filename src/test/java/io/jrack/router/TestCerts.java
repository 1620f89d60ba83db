package io.jrack.router;

import io.jrack.tls.CertificateAuthority;
import io.jrack.tls.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A certificate for 127.0.0.1 and localhost from a CA of the rack's own kind, made in a temporary directory. */
final class TestCerts {
  private TestCerts() {}

  static CertificateAuthority.Issued issue() throws Exception {
    Path dir = Files.createTempDirectory("jrack-tls");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "test", Scope.of(List.of("localhost", "127.0.0.0/8")));
    return ca.issue(List.of("localhost", "127.0.0.1"));
  }

  /** A JDK server context holding {@code cert}, for backends written with the JDK's HttpsServer. */
  static SSLContext jdkServer(CertificateAuthority.Issued cert) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", cert.key(), new char[0], new Certificate[] {cert.certificate(), cert.issuer()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }
}
