package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jrack.runtime.Routing;
import io.jrack.testing.RawHttp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code port: https:NNNN} services: the router speaks TLS to them (their self-signed certificate accepted). */
class RouterBackendTlsTest {
  Router router;
  HttpsServer backend;
  final AtomicInteger connections = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
    backend = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    backend.setHttpsConfigurator(new HttpsConfigurator(TestCerts.jdkServer(TestCerts.issue())));
    backend.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      byte[] out = ("tls backend: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " body=" + new String(body, StandardCharsets.UTF_8)
          + " proto=" + ex.getRequestHeaders().getFirst("X-Forwarded-Proto") + "\n").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    backend.start();
  }

  @AfterEach
  void stop() {
    router.close();
    backend.stop(0);
  }

  @Test
  void httpsBackendAnswersThroughTheRouter() throws Exception {
    router.publish("app", List.of(new Routing.Route("web", List.of("w.test"), false, null, "https")));
    router.backends("app", "web", List.of(backend.getAddress()));

    RawHttp.Response get = RawHttp.get(router.httpPort(), "w.test", "/hello");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("tls backend: GET /hello body= proto=http\n");

    RawHttp.Response post = RawHttp.send(router.httpPort(),
        "POST /form HTTP/1.1\r\nHost: w.test\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.body()).isEqualTo("tls backend: POST /form body=hello proto=http\n");
    assertThat(router.unexpectedErrors()).isZero();
  }

  @Test
  void plainHttpToTheTlsBackendIsABadGatewayNotAHang() throws Exception {
    // The same backend published as http: the router's plain request gets no HTTP answer.
    router.publish("app", List.of(new Routing.Route("web", List.of("w.test"), false, null, "http")));
    router.backends("app", "web", List.of(backend.getAddress()));
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/").status()).isEqualTo(502);
  }
}
