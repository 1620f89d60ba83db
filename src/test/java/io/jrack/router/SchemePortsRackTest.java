package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.jrack.rack.ProcessInfo;
import io.jrack.testing.RawHttp;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import io.jrack.tls.CertificateAuthority;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps deployed on a real rack from manifests with {@code port: grpc:} (grpc-java as the service,
 * {@code grpcHealthEnabled}) and {@code port: https:}: each turns healthy by its own protocol and
 * answers through the router.
 */
class SchemePortsRackTest {
  private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

  /** A gRPC service of one file: test.Talk's Echo and Chat (as in RouterGrpcTest), and gRPC's health service. */
  private static final String TALK = """
      import io.grpc.*;
      import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
      import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
      import io.grpc.protobuf.services.HealthStatusManager;
      import io.grpc.stub.*;
      import java.io.*;
      import java.net.InetSocketAddress;
      import java.nio.charset.StandardCharsets;
      public class Talk {
        static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
          public InputStream stream(String v) { return new ByteArrayInputStream(v.getBytes(StandardCharsets.UTF_8)); }
          public String parse(InputStream in) {
            try { return new String(in.readAllBytes(), StandardCharsets.UTF_8); } catch (IOException e) { throw new UncheckedIOException(e); }
          }
        };
        static MethodDescriptor<String, String> method(MethodDescriptor.MethodType type, String name) {
          return MethodDescriptor.<String, String>newBuilder().setType(type).setFullMethodName("test.Talk/" + name)
              .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
        }
        public static void main(String[] a) throws Exception {
          ServerServiceDefinition talk = ServerServiceDefinition.builder("test.Talk")
              .addMethod(method(MethodDescriptor.MethodType.UNARY, "Echo"), ServerCalls.asyncUnaryCall((String req, StreamObserver<String> out) -> {
                out.onNext("echo " + req + " from " + System.getenv("RELEASE"));
                out.onCompleted();
              }))
              .addMethod(method(MethodDescriptor.MethodType.BIDI_STREAMING, "Chat"), ServerCalls.asyncBidiStreamingCall((StreamObserver<String> out) -> new StreamObserver<String>() {
                public void onNext(String v) { out.onNext("re " + v); }
                public void onError(Throwable t) {}
                public void onCompleted() { out.onCompleted(); }
              }))
              .build();
          HealthStatusManager health = new HealthStatusManager();
          health.setStatus("", ServingStatus.NOT_SERVING);
          Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))))
              .addService(health.getHealthService()).addService(talk).build().start();
          // Serving only a moment after listening: the rack must wait for SERVING, not for the port.
          Thread.sleep(500);
          health.setStatus("", ServingStatus.SERVING);
          server.awaitTermination();
        }
      }
      """;

  /** An HTTPS service of one file, with the certificate the test gives it. */
  private static final String SECURE = """
      import com.sun.net.httpserver.*;
      import java.io.FileInputStream;
      import java.net.InetSocketAddress;
      import java.security.KeyStore;
      import javax.net.ssl.*;
      public class Secure {
        public static void main(String[] a) throws Exception {
          KeyStore ks = KeyStore.getInstance("PKCS12");
          try (FileInputStream in = new FileInputStream("tls.p12")) { ks.load(in, "test".toCharArray()); }
          KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
          kmf.init(ks, "test".toCharArray());
          SSLContext ctx = SSLContext.getInstance("TLS");
          ctx.init(kmf.getKeyManagers(), null, null);
          HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 64);
          s.setHttpsConfigurator(new HttpsConfigurator(ctx));
          s.createContext("/", x -> {
            byte[] body = ("secure " + x.getRequestURI() + " proto=" + x.getRequestHeaders().getFirst("X-Forwarded-Proto")).getBytes();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
          });
          s.start();
        }
      }
      """;

  @Test
  void grpcAndHttpsServicesDeployFromTheirManifestsAndAnswerThroughTheRouter(@TempDir Path tmp) throws Exception {
    Path grpc = Files.createDirectories(tmp.resolve("grpc"));
    Files.writeString(grpc.resolve("Talk.java"), TALK);
    Files.writeString(grpc.resolve("cp.args"), "-cp \"" + System.getProperty("java.class.path") + "\"\n");
    // convox-examples/grpc's manifest, with the command this service needs.
    Files.writeString(grpc.resolve("convox.yml"), """
        services:
          grpc:
            build: .
            port: grpc:50051
            grpcHealthEnabled: true
            command: %s @cp.args Talk.java
        """.formatted(JAVA));

    Path https = Files.createDirectories(tmp.resolve("https"));
    Files.writeString(https.resolve("Secure.java"), SECURE);
    writeKeyStore(https.resolve("tls.p12"), TestCerts.issue());
    Files.writeString(https.resolve("convox.yml"), """
        services:
          web:
            build: .
            port: https:3443
            health: /health
            command: %s Secure.java
        """.formatted(JAVA));

    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      rack.client.appCreate("talk");
      rack.client.releasePromote("talk", rack.client.buildCreate("talk", SourceTar.of(grpc), null).release());
      rack.client.appCreate("secure");
      rack.client.releasePromote("secure", rack.client.buildCreate("secure", SourceTar.of(https), null).release());
      assertThat(rack.client.processList("talk")).extracting(ProcessInfo::status).containsExactly("running");
      assertThat(rack.client.processList("secure")).extracting(ProcessInfo::status).containsExactly("running");

      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", rack.http()).overrideAuthority("talk-grpc.dev.localhost").usePlaintext().build();
      try {
        String echo = ClientCalls.blockingUnaryCall(channel, RouterGrpcTest.ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "hi");
        assertThat(echo).startsWith("echo hi from R");
        RouterGrpcTest.chatInTurn(channel, 3);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      RawHttp.Response r = RawHttp.get(rack.http(), "secure-web.dev.localhost", "/hello");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("secure /hello proto=http");
    }
  }

  private static void writeKeyStore(Path file, CertificateAuthority.Issued cert) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", cert.key(), "test".toCharArray(), new Certificate[] {cert.certificate(), cert.issuer()});
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "test".toCharArray());
    }
  }

}
