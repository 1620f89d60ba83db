package io.jrack.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.jrack.tls.CertificateAuthority;
import io.jrack.tls.Scope;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health checks in each port scheme's protocol, against real servers on 127.0.0.1 (grpc-java's own health service). */
class HealthProbeTest {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  @Test
  void grpcHealthIsHealthyOnlyWhenTheServerSaysServing() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(health.getHealthService()).build().start();
    try {
      int port = server.getPort();
      health.setStatus("", ServingStatus.NOT_SERVING);
      assertThat(HealthProbe.check(HealthProtocol.GRPC_HEALTH, "127.0.0.1", port, "/", TIMEOUT))
          .isEqualTo("grpc.health.v1 Check on 127.0.0.1:" + port + " answered NOT_SERVING");
      health.setStatus("", ServingStatus.SERVING);
      assertThat(HealthProbe.check(HealthProtocol.GRPC_HEALTH, "127.0.0.1", port, "/", TIMEOUT)).isNull();
      // A plain HTTP GET, all a gRPC port got before, never makes it healthy.
      assertThat(HealthProbe.check("127.0.0.1", port, "/", TIMEOUT)).isNotNull();
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void grpcServerWithoutTheHealthServiceIsNotHealthyAndSaysWhy() throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
    try {
      assertThat(HealthProbe.check(HealthProtocol.GRPC_HEALTH, "127.0.0.1", server.getPort(), "/", TIMEOUT))
          .startsWith("grpc.health.v1 Check on 127.0.0.1:" + server.getPort() + " answered grpc-status 12");
      // Without grpcHealthEnabled a gRPC port is healthy once it accepts connections.
      assertThat(HealthProbe.check(HealthProtocol.TCP, "127.0.0.1", server.getPort(), "/", TIMEOUT)).isNull();
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    int closed = closedPort();
    assertThat(HealthProbe.check(HealthProtocol.TCP, "127.0.0.1", closed, "/", TIMEOUT))
        .isEqualTo("TCP connection to 127.0.0.1:" + closed + ": connection refused");
    assertThat(HealthProbe.check(HealthProtocol.GRPC_HEALTH, "127.0.0.1", closed, "/", TIMEOUT))
        .isEqualTo("grpc.health.v1 Check on 127.0.0.1:" + closed + ": connection refused");
  }

  @Test
  void httpsIsTheSameGetOverTlsWithASelfSignedCertificate(@TempDir Path dir) throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(selfIssued(dir)));
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/health") ? 200 : 503, -1);
      ex.close();
    });
    server.start();
    try {
      int port = server.getAddress().getPort();
      assertThat(HealthProbe.check(HealthProtocol.HTTPS, "127.0.0.1", port, "/health", TIMEOUT)).isNull();
      assertThat(HealthProbe.check(HealthProtocol.HTTPS, "127.0.0.1", port, "/down", TIMEOUT))
          .isEqualTo("GET https://127.0.0.1:" + port + "/down answered 503");
      assertThat(HealthProbe.check("127.0.0.1", port, "/health", TIMEOUT)).startsWith("GET http://127.0.0.1:" + port + "/health");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theProtocolFollowsThePortsScheme() {
    assertThat(HealthProtocol.of(null, false)).isEqualTo(HealthProtocol.HTTP);
    assertThat(HealthProtocol.of("http", true)).isEqualTo(HealthProtocol.HTTP);
    assertThat(HealthProtocol.of("https", false)).isEqualTo(HealthProtocol.HTTPS);
    assertThat(HealthProtocol.of("grpc", true)).isEqualTo(HealthProtocol.GRPC_HEALTH);
    assertThat(HealthProtocol.of("grpc", false)).isEqualTo(HealthProtocol.TCP);
  }

  @Test
  void theResponseMessageIsReadByProtobufsWireRules() {
    assertThat(GrpcHealthCheck.servingStatus(new byte[] {0, 0, 0, 0, 2, 8, 1})).isEqualTo(1);
    assertThat(GrpcHealthCheck.servingStatus(new byte[] {0, 0, 0, 0, 2, 8, 2})).isEqualTo(2);
    // No field: protobuf's default, UNKNOWN.
    assertThat(GrpcHealthCheck.servingStatus(new byte[] {0, 0, 0, 0, 0})).isZero();
    // An unknown length-delimited field before the status is skipped.
    assertThat(GrpcHealthCheck.servingStatus(new byte[] {0, 0, 0, 0, 5, 0x12, 1, 'x', 8, 1})).isEqualTo(1);
    // Compressed, truncated, or a length that does not match: not a HealthCheckResponse.
    assertThat(GrpcHealthCheck.servingStatus(new byte[] {1, 0, 0, 0, 2, 8, 1})).isEqualTo(-1);
    assertThat(GrpcHealthCheck.servingStatus(new byte[] {0, 0, 0, 0, 2, 8})).isEqualTo(-1);
    assertThat(GrpcHealthCheck.servingStatus(new byte[] {0, 0, 0, 0, 2, 8, (byte) 0x81})).isEqualTo(-1);
  }

  static SSLContext selfIssued(Path dir) throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "test", Scope.of(List.of("localhost", "127.0.0.0/8")));
    CertificateAuthority.Issued cert = ca.issue(List.of("localhost"));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", cert.key(), new char[0], new Certificate[] {cert.certificate(), cert.issuer()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
