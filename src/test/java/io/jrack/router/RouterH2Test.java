package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jrack.runtime.Routing;
import io.jrack.testing.RawHttp;
import io.jrack.tls.CertificateAuthority;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 from clients: ALPN h2 over TLS, prior knowledge in clear, relayed to an HTTP/1.1 backend; the limits. */
class RouterH2Test {
  Router router;
  HttpServer backend;
  CertificateAuthority.Issued cert;

  @BeforeEach
  void start() throws Exception {
    cert = TestCerts.issue();
    router = Router.start(RouterConfig.of("127.0.0.1", 0, 0, RouterTls.server(cert.key(), cert.certificate(), cert.issuer())));
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    backend.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      byte[] out = ("backend: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getProtocol() + " body=" + new String(body, StandardCharsets.UTF_8)
          + " host=" + ex.getRequestHeaders().getFirst("Host") + " xff=" + ex.getRequestHeaders().getFirst("X-Forwarded-For")
          + " proto=" + ex.getRequestHeaders().getFirst("X-Forwarded-Proto") + "\n").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    backend.start();
    router.publish("app", List.of(new Routing.Route("web", List.of("localhost", "w.test"), false, null)));
    router.backends("app", "web", List.of(backend.getAddress()));
  }

  @AfterEach
  void stop() {
    router.close();
    backend.stop(0);
  }

  HttpClient h2Client() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", cert.issuer());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void h2OverTlsGetAndPostReachAnHttp1Backend() throws Exception {
    try (HttpClient client = h2Client()) {
      URI base = URI.create("https://localhost:" + router.httpsPort());
      HttpResponse<String> get = client.send(HttpRequest.newBuilder(base.resolve("/x?y=1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("backend: GET /x?y=1 HTTP/1.1 body= host=localhost:" + router.httpsPort() + " xff=127.0.0.1 proto=https\n");

      HttpResponse<String> post = client.send(HttpRequest.newBuilder(base.resolve("/form")).POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(post.body()).startsWith("backend: POST /form HTTP/1.1 body=a=1&b=2 ");

      HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + router.httpsPort() + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).isEqualTo("no such host\n");
    }
    // HTTP/1.1 clients on the same listener (no ALPN) keep the byte relay.
    RawHttp.Response h1 = RawHttp.getTls(router.httpsPort(), "localhost", "/h1", cert.issuer());
    assertThat(h1.body()).startsWith("backend: GET /h1 HTTP/1.1");
    assertThat(router.unexpectedErrors()).isZero();
  }

  @Test
  void h2cWithPriorKnowledgeOnTheHttpListener() throws Exception {
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      H2Wire.Frame settings = h2.handshake();
      assertThat(settings.setting(0x3)).as("SETTINGS_MAX_CONCURRENT_STREAMS").isEqualTo(H2Connection.MAX_CONCURRENT_STREAMS);
      assertThat(settings.setting(0x6)).as("SETTINGS_MAX_HEADER_LIST_SIZE").isEqualTo(16384);
      for (int stream = 1; stream <= 5; stream += 2) {
        h2.headers(stream, H2Wire.get("w.test", "/s" + stream), true);
        H2Wire.Response r = h2.response(stream);
        assertThat(r.headers().status().toString()).isEqualTo("200");
        assertThat(r.body()).startsWith("backend: GET /s" + stream + " HTTP/1.1 body= host=w.test xff=127.0.0.1 proto=http");
      }
    }
    // HTTP/1.1 on the same listener is untouched.
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/h1").body()).startsWith("backend: GET /h1 HTTP/1.1");
  }

  @Test
  void rapidResetEndsTheConnectionPastTheBound() throws Exception {
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      h2.handshake();
      int stream = 1;
      // Up to the bound, streams opened and reset at once are served (their answers dropped).
      for (int i = 0; i < H2Connection.MAX_RESETS_PER_WINDOW; i++, stream += 2) {
        h2.headers(stream, H2Wire.get("w.test", "/"), true);
        h2.rst(stream, 0x8);
      }
      assertThat(h2.within(H2Wire.GOAWAY, 1000)).as("no GOAWAY at the bound").isNull();
      // One reset more within the window ends the connection.
      h2.headers(stream, H2Wire.get("w.test", "/"), true);
      h2.rst(stream, 0x8);
      H2Wire.Frame goaway = h2.until(H2Wire.GOAWAY);
      assertThat(goaway).as("GOAWAY").isNotNull();
      assertThat(goaway.int32(4)).as("error code ENHANCE_YOUR_CALM").isEqualTo(0xb);
      assertThat(h2.until(-1)).as("the connection is closed").isNull();
    }
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/after").status()).isEqualTo(200);
    assertThat(router.unexpectedErrors()).isZero();
  }

  @Test
  void aHeaderBlockPastTheLimitIsRefusedAcrossContinuationFrames() throws Exception {
    byte[] filler = new byte[4096];
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      h2.handshake();
      // 12 KB of a header block that never ends: under the limit, the router waits for the rest.
      h2.frame(H2Wire.HEADERS, 0, 1, filler);
      h2.frame(H2Wire.CONTINUATION, 0, 1, filler);
      h2.frame(H2Wire.CONTINUATION, 0, 1, filler);
      assertThat(h2.poll(500)).as("no answer under the limit").isNull();
      // Past 1.25 x 16 KB, with no END_HEADERS ever sent: the connection ends.
      for (int i = 0; i < 3; i++) {
        h2.frame(H2Wire.CONTINUATION, 0, 1, filler);
      }
      H2Wire.Frame goaway = h2.until(H2Wire.GOAWAY);
      assertThat(goaway).as("GOAWAY").isNotNull();
      assertThat(h2.until(-1)).as("the connection is closed").isNull();
    }
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/after").status()).isEqualTo(200);
  }

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      h2.handshake();
      // Over the 16 KB limit: the stream gets 431, the connection goes on.
      h2.headers(1, H2Wire.get("w.test", "/").add("x-big", "v".repeat(17_000)), true);
      assertThat(h2.response(1).headers().status().toString()).isEqualTo("431");
      h2.headers(3, H2Wire.get("w.test", "/next"), true);
      assertThat(h2.response(3).body()).startsWith("backend: GET /next ");
      // Past 1.25 times the limit: the connection ends.
      h2.headers(5, H2Wire.get("w.test", "/").add("x-big", "v".repeat(21_000)), true);
      assertThat(h2.until(H2Wire.GOAWAY)).as("GOAWAY").isNotNull();
      assertThat(h2.until(-1)).as("the connection is closed").isNull();
    }
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/after").status()).isEqualTo(200);
    assertThat(router.unexpectedErrors()).isZero();
  }

  @Test
  void streamsPastTheConcurrentLimitAreRefused() throws Exception {
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      h2.handshake();
      // Requests whose bodies never come stay open.
      for (int i = 0; i <= H2Connection.MAX_CONCURRENT_STREAMS; i++) {
        h2.headers(1 + 2 * i, H2Wire.get("w.test", "/").method("POST"), false);
      }
      H2Wire.Frame rst = h2.until(H2Wire.RST_STREAM);
      assertThat(rst.stream()).isEqualTo(1 + 2 * H2Connection.MAX_CONCURRENT_STREAMS);
      assertThat(rst.int32(0)).as("REFUSED_STREAM").isEqualTo(0x7);
    }
  }

  void headerTimeout(Duration timeout) {
    RouterLimits d = RouterLimits.DEFAULT;
    router.limits(new RouterLimits(d.maxInitialLineLength(), d.maxHeaderSize(), 0, d.idleTimeout(), timeout, d.connectTimeout(), d.responseTimeout()));
  }

  @Test
  void aHeaderBlockTrickledPastTheHeaderTimeoutEndsTheConnection() throws Exception {
    headerTimeout(Duration.ofMillis(600));
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      h2.handshake();
      byte[] block = h2.block(H2Wire.get("w.test", "/slow"));
      // One HEADERS frame, its payload a byte every 200 ms: each read keeps the connection from being idle.
      h2.raw((byte) 0, (byte) 0, (byte) block.length, (byte) H2Wire.HEADERS, (byte) (H2Wire.END_HEADERS | H2Wire.END_STREAM), (byte) 0, (byte) 0, (byte) 0, (byte) 1);
      cutOff(h2, i -> h2.raw(block[i]));
    }
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      h2.handshake();
      // A block begun and never ended, a CONTINUATION frame every 200 ms (fewer than Netty's limit of 16 small ones).
      h2.frame(H2Wire.HEADERS, 0, 1, new byte[] {(byte) 0x82});
      cutOff(h2, i -> h2.frame(H2Wire.CONTINUATION, 0, 1, new byte[] {(byte) 0x82}));
    }
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/after").status()).isEqualTo(200);
    assertThat(router.unexpectedErrors()).isZero();
  }

  interface Step {
    void send(int i) throws Exception;
  }

  /** Sends a step every 200 ms (at most 10) until the router answers: GOAWAY ENHANCE_YOUR_CALM after the 600 ms, then the end. */
  static void cutOff(H2Wire h2, Step step) throws Exception {
    long start = System.nanoTime();
    H2Wire.Frame goaway = null;
    for (int i = 0; i < 10 && goaway == null; i++) {
      step.send(i);
      goaway = h2.poll(200);
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    assertThat(goaway).as("GOAWAY within 2 s").isNotNull();
    assertThat(goaway.type()).isEqualTo(H2Wire.GOAWAY);
    assertThat(goaway.int32(4)).as("ENHANCE_YOUR_CALM").isEqualTo(0xb);
    assertThat(new String(goaway.payload(), 8, goaway.payload().length - 8, StandardCharsets.US_ASCII)).isEqualTo("header timeout");
    assertThat(elapsed).as("not before the timeout").isGreaterThanOrEqualTo(600);
    assertThat(h2.until(-1)).as("the connection is closed").isNull();
  }

  @Test
  void aPrefaceLeftUnfinishedEndsTheConnectionAtTheHeaderTimeout() throws Exception {
    headerTimeout(Duration.ofMillis(400));
    // The 24 bytes and 4 of the SETTINGS frame's 9-byte header: HTTP/2, its preface never done.
    assertThat(closedAfterTimeout("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4")).contains("header timeout");
    // Part of the 24 bytes: not known to be HTTP/2 yet, held to HTTP/1.1's header timeout.
    assertThat(closedAfterTimeout("PRI * HTTP/2.0\r\n")).startsWith("HTTP/1.1 408 ");
  }

  /** What the router sent before closing the connection, once it closed it within a few seconds (not the 60 s idle timeout). */
  String closedAfterTimeout(String sent) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", router.httpPort())) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write(sent.getBytes(StandardCharsets.ISO_8859_1));
      long start = System.nanoTime();
      byte[] rest = s.getInputStream().readAllBytes();
      assertThat((System.nanoTime() - start) / 1_000_000).as("closed after the header timeout").isBetween(300L, 4_000L);
      return new String(rest, StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void completeHeaderBlocksSpacedOutLongerThanTheTimeoutAreServed() throws Exception {
    headerTimeout(Duration.ofMillis(300));
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      h2.handshake();
      for (int i = 0; i < 3; i++) {
        h2.headers(1 + 2 * i, H2Wire.get("w.test", "/r" + i), true);
        assertThat(h2.response(1 + 2 * i).body()).startsWith("backend: GET /r" + i + " ");
        Thread.sleep(400);
      }
    }
  }

  @Test
  void anIdleConnectionIsClosedWithGoawayButNotOneWaitingForAnAnswer() throws Exception {
    RouterLimits d = RouterLimits.DEFAULT;
    router.limits(new RouterLimits(d.maxInitialLineLength(), d.maxHeaderSize(), 0, Duration.ofMillis(400), d.headerTimeout(), d.connectTimeout(), d.responseTimeout()));
    backend.createContext("/slow", ex -> {
      try {
        Thread.sleep(1_200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] out = "slow answer\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    try (H2Wire h2 = new H2Wire(router.httpPort())) {
      h2.handshake();
      // A stream open three times the idle timeout: the connection stays.
      h2.headers(1, H2Wire.get("w.test", "/slow"), true);
      assertThat(h2.response(1).body()).isEqualTo("slow answer\n");
      // Then nothing: GOAWAY (NO_ERROR) and the end, after the idle timeout.
      long start = System.nanoTime();
      H2Wire.Frame goaway = h2.until(H2Wire.GOAWAY);
      assertThat(goaway).as("GOAWAY").isNotNull();
      assertThat(goaway.int32(4)).as("NO_ERROR").isZero();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(300L, 5_000L);
      assertThat(h2.until(-1)).as("the connection is closed").isNull();
    }
  }

  @Test
  void aGetOnAPooledConnectionTheBackendHasDroppedIsSentAgainWithItsHeaders() throws Exception {
    // Each connection answers its first request and drops the second unanswered, as a backend does
    // when its keep-alive timeout and the router's next request cross.
    try (ServerSocket dropping = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        while (!dropping.isClosed()) {
          try {
            Socket s = dropping.accept();
            Thread.ofVirtual().start(() -> answerOnce(s));
          } catch (IOException e) {
            return;
          }
        }
      });
      router.backends("app", "web", List.of((InetSocketAddress) dropping.getLocalSocketAddress()));
      try (H2Wire h2 = new H2Wire(router.httpPort())) {
        h2.handshake();
        assertThat(h2.response(send(h2, 1, "/first")).body()).isEqualTo("GET /first xff=127.0.0.1 proto=http\n");
        // On the pooled connection, dropped; then again on a new one, with the same forwarded fields.
        H2Wire.Response again = h2.response(send(h2, 3, "/second"));
        assertThat(again.headers().status().toString()).isEqualTo("200");
        assertThat(again.body()).isEqualTo("GET /second xff=127.0.0.1 proto=http\n");
      }
    }
    assertThat(router.unexpectedErrors()).isZero();
  }

  static int send(H2Wire h2, int stream, String path) throws IOException {
    h2.headers(stream, H2Wire.get("w.test", path), true);
    return stream;
  }

  static void answerOnce(Socket s) {
    try (s) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      String line = in.readLine();
      String target = line.split(" ")[1];
      String xff = null;
      String proto = null;
      for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("x-forwarded-for:")) {
          xff = h.substring(16).trim();
        } else if (lower.startsWith("x-forwarded-proto:")) {
          proto = h.substring(18).trim();
        }
      }
      byte[] body = ("GET " + target + " xff=" + xff + " proto=" + proto + "\n").getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      // The next request on this connection is read and dropped.
      while (!(line = in.readLine()).isEmpty()) {
        // its head
      }
    } catch (IOException | NullPointerException e) {
      // the router closed first
    }
  }
}
