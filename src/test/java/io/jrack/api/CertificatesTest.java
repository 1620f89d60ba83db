package io.jrack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.rack.CertificateInfo;
import io.jrack.rack.ProviderException;
import io.jrack.testing.SelfSignedCerts;
import io.jrack.testing.TestRack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router's certificates through a real rack: imported with the SDK (the API's routes), then
 * served by the router's HTTPS listener to a TLS client that names them (SNI), with h2 still
 * negotiated; other names keep the rack's own; hostile imports are refused with the rule.
 */
class CertificatesTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void anImportedCertificateIsServedForItsNamesAndTheRacksForOthers(@TempDir Path dir) throws Exception {
    SelfSignedCerts.Pem shop = SelfSignedCerts.selfSigned("shop.example.test", List.of("shop.example.test"), Instant.now().plus(Duration.ofDays(30)));
    SelfSignedCerts.Pem wild = SelfSignedCerts.selfSigned("*.wild.example.test", List.of("*.wild.example.test"), Instant.now().plus(Duration.ofDays(30)));
    String id;
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      CertificateInfo c = rack.client.certificateCreate(shop.cert(), shop.key(), null);
      id = c.id();
      assertThat(c.domain()).isEqualTo("shop.example.test");
      assertThat(c.domains()).containsExactly("shop.example.test");
      rack.client.certificateCreate(wild.cert(), wild.key(), null);

      Served s = connect(rack.https(), "shop.example.test");
      assertThat(s.subject()).isEqualTo("CN=shop.example.test");
      assertThat(s.protocol()).as("ALPN with the selected certificate").isEqualTo("h2");
      assertThat(connect(rack.https(), "a.wild.example.test").subject()).isEqualTo("CN=*.wild.example.test");
      assertThat(connect(rack.https(), "a.b.wild.example.test").subject()).as("a wildcard is one label deep").isEqualTo("CN=*.dev.localhost");
      Served other = connect(rack.https(), "web.myapp.dev.localhost");
      assertThat(other.subject()).isEqualTo("CN=*.dev.localhost");
      assertThat(other.protocol()).isEqualTo("h2");
      assertThat(connect(rack.https(), null).subject()).as("no name: the rack's").isEqualTo("CN=*.dev.localhost");

      // The key is in rack.db (0600), never in an answer.
      HttpResponse<String> list = send(rack, "GET", "/certificates", null);
      assertThat(list.body()).contains(id).doesNotContain("PRIVATE KEY").doesNotContain(shop.key().lines().skip(1).findFirst().orElseThrow());
      assertThat(Files.getPosixFilePermissions(dir.resolve("rack/rack.db"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    // Kept across a restart, then gone at once when deleted, with no restart.
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      assertThat(connect(rack.https(), "shop.example.test").subject()).isEqualTo("CN=shop.example.test");
      rack.client.certificateDelete(id);
      assertThat(connect(rack.https(), "shop.example.test").subject()).isEqualTo("CN=*.dev.localhost");
      assertThat(rack.client.certificateList()).extracting(CertificateInfo::domain).containsExactly("*.wild.example.test");
    }
  }

  @Test
  void aGeneratedCertificateIsSignedByTheRacksCaAndServed(@TempDir Path dir) throws Exception {
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      CertificateInfo c = rack.client.certificateGenerate(List.of("shop.dev.localhost"));
      assertThat(c.expiration()).isAfter(Instant.now().plus(Duration.ofDays(29)));
      Served s = connect(rack.https(), "shop.dev.localhost");
      assertThat(s.subject()).isEqualTo("CN=shop.dev.localhost");
      assertThat(s.issuer()).isEqualTo(rack.server.certificateAuthority().certificate().getSubjectX500Principal().getName());
      assertThatThrownBy(() -> rack.client.certificateGenerate(List.of("shop.example.com"))).isInstanceOf(ProviderException.class)
          .hasMessageStartingWith("domain: \"shop.example.com\" (expected: a name the rack's CA may sign: dev.localhost, localhost");
      assertThatThrownBy(() -> rack.client.certificateGenerate(List.of("bad name"))).isInstanceOf(ProviderException.class)
          .hasMessage("domain: \"bad name\" (expected: a lowercase DNS name like web.example.com, or *.example.com)");
    }
  }

  @Test
  void hostileImportsAreRefusedWithTheRule(@TempDir Path dir) throws Exception {
    SelfSignedCerts.Pem shop = SelfSignedCerts.selfSigned("shop.example.test", List.of("shop.example.test"), Instant.now().plus(Duration.ofDays(30)));
    SelfSignedCerts.Pem other = SelfSignedCerts.selfSigned("other.example.test", List.of("other.example.test"), Instant.now().plus(Duration.ofDays(30)));
    SelfSignedCerts.Pem expired = SelfSignedCerts.selfSigned("old.example.test", List.of("old.example.test"), Instant.now().minus(Duration.ofDays(1)));
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      assertThatThrownBy(() -> rack.client.certificateCreate(shop.cert(), other.key(), null)).isInstanceOf(ProviderException.class)
          .hasMessage("key: not the key of the certificate for shop.example.test (expected: the private key the certificate was issued for)")
          .matches(e -> ((ProviderException) e).kind() == ProviderException.Kind.BAD_REQUEST);
      assertThatThrownBy(() -> rack.client.certificateCreate("garbage", shop.key(), null))
          .hasMessage("pub: no certificate (expected: a PEM \"-----BEGIN CERTIFICATE-----\" block)");
      assertThatThrownBy(() -> rack.client.certificateCreate("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n", shop.key(), null))
          .hasMessageStartingWith("pub: unreadable PEM (");
      assertThatThrownBy(() -> rack.client.certificateCreate(shop.cert(), "garbage", null))
          .hasMessageStartingWith("key: no key (expected: an unencrypted PEM private key");
      assertThatThrownBy(() -> rack.client.certificateCreate(shop.cert(), shop.cert(), null))
          .hasMessageStartingWith("key: a certificate (expected: an unencrypted PEM private key");
      assertThatThrownBy(() -> rack.client.certificateCreate(shop.cert(), shop.key(), "garbage-chain\n" + shop.key()))
          .hasMessage("chain: a private key (expected: PEM \"CERTIFICATE\" blocks only)");
      // As AWS ACM (Convox's certificate store) refuses to import an expired certificate.
      assertThatThrownBy(() -> rack.client.certificateCreate(expired.cert(), expired.key(), null))
          .hasMessageMatching("pub: the certificate for old.example.test expired at .* \\(expected: a certificate valid now\\)");
      HttpResponse<String> big = send(rack, "POST", "/certificates", "pub=" + "A".repeat(10 << 20));
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(big.body()).isEqualTo("{\"error\":\"certificate request: 10485764 bytes (expected: at most 1048576 bytes)\"}");
      assertThatThrownBy(() -> rack.client.certificateDelete("cert-nosuch")).hasMessage("no such certificate: cert-nosuch");
      assertThat(rack.client.certificateList()).isEmpty();
      // Nothing the rack logged holds a key.
      try (var logs = Files.walk(dir.resolve("rack"))) {
        for (Path f : logs.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("rack.db")).toList()) {
          assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(shop.key().lines().skip(1).findFirst().orElseThrow());
        }
      }
    }
  }

  record Served(String subject, String issuer, String protocol) {}

  /** A TLS handshake with the router on 127.0.0.1 naming {@code sni} (none when null), offering h2 and http/1.1. */
  static Served connect(int port, String sni) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String auth) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String auth) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
      p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      s.setSSLParameters(p);
      s.startHandshake();
      X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
      return new Served(peer.getSubjectX500Principal().getName(), peer.getIssuerX500Principal().getName(), s.getApplicationProtocol());
    }
  }

  HttpResponse<String> send(TestRack rack, String method, String path, String form) throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString(("convox:" + TestRack.PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + path)).header("Authorization", auth)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
