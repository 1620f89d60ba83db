package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.tls.CertificateAuthority;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The TLS engine: BoringSSL when its native library loads (it does on linux-x86_64), the JDK's when asked or when it does not. */
class RouterTlsEngineTest {
  @Test
  void boringSslWhenItLoadsElseTheJdks() {
    assertThat(OpenSsl.isAvailable()).as("netty-tcnative's BoringSSL loads here: %s", OpenSsl.unavailabilityCause()).isTrue();
    assertThat(RouterTls.engine("boringssl")).isEqualTo(SslProvider.OPENSSL);
    assertThat(RouterTls.engine("jdk")).isEqualTo(SslProvider.JDK);
  }

  @Test
  void theListenerOnBoringSslSpeaksTls13AndNegotiatesH2() throws Exception {
    CertificateAuthority.Issued cert = TestCerts.issue();
    SslContext server = RouterTls.server(cert.key(), cert.certificate(), cert.issuer());
    assertThat(server.getClass().getSimpleName()).startsWith("OpenSsl");
    Router router = Router.start(RouterConfig.of("127.0.0.1", -1, 0, server));
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", cert.issuer());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(new Socket("127.0.0.1", router.httpsPort()), "localhost", router.httpsPort(), true)) {
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        s.setSSLParameters(p);
        s.startHandshake();
        assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(s.getApplicationProtocol()).isEqualTo("h2");
      }
    } finally {
      router.close();
    }
  }
}
