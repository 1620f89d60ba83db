package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.jrack.discovery.Endpoint;
import io.jrack.runtime.Routing;
import io.jrack.testing.RawHttp;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router with real sockets: routing by Host, balancing, headers, bodies, upgrades, failures. */
class RouterTest {
  Router router;
  final List<HttpServer> backends = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
  }

  @AfterEach
  void stop() {
    router.close();
    backends.forEach(b -> b.stop(0));
  }

  /** A backend that answers with its name, the request's method, path, body length and X-Forwarded headers. */
  InetSocketAddress backend(String name) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    s.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      String text = "name=" + name + " method=" + ex.getRequestMethod() + " path=" + ex.getRequestURI() + " body=" + body.length
          + " xff=" + ex.getRequestHeaders().getFirst("X-Forwarded-For") + " proto=" + ex.getRequestHeaders().getFirst("X-Forwarded-Proto")
          + " port=" + ex.getRequestHeaders().getFirst("X-Forwarded-Port") + "\n";
      byte[] out = text.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    s.start();
    backends.add(s);
    return s.getAddress();
  }

  void route(String app, String service, String host, boolean internal, Endpoint endpoint, InetSocketAddress... to) {
    router.publish(app, List.of(new Routing.Route(service, internal ? List.of() : List.of(host), internal, endpoint)));
    router.backends(app, service, List.of(to));
  }

  @Test
  void routesByHostAndAnswers404ForUnknownHosts() throws Exception {
    route("shop", "web", "shop-web.dev.localhost", false, null, backend("a"));
    RawHttp.Response ok = RawHttp.get(router.httpPort(), "shop-web.dev.localhost", "/x?y=1");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).contains("name=a", "path=/x?y=1", "xff=127.0.0.1", "proto=http", "port=" + router.httpPort());
    assertThat(RawHttp.get(router.httpPort(), "SHOP-WEB.dev.localhost:80", "/").status()).isEqualTo(200);
    RawHttp.Response unknown = RawHttp.get(router.httpPort(), "nope.dev.localhost", "/");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("no such host\n");
  }

  @Test
  void noHealthyProcessIs503() throws Exception {
    route("shop", "web", "shop-web.dev.localhost", false, null);
    assertThat(RawHttp.get(router.httpPort(), "shop-web.dev.localhost", "/").status()).isEqualTo(503);
  }

  @Test
  void roundRobinOverHealthyBackendsOnOneKeepAliveConnection() throws Exception {
    route("shop", "web", "w.test", false, null, backend("a"), backend("b"));
    String req = "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n";
    RawHttp.Response r = RawHttp.send(router.httpPort(), req + req + req + req.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"), true);
    assertThat(r.text().split("HTTP/1.1 200", -1)).hasSize(5);
    assertThat(r.text()).contains("name=a").contains("name=b");
  }

  @Test
  void aHostAnotherAppServesIsRefusedAndKeepsItsApp() throws Exception {
    route("b", "web", "shop.example.com", false, null, backend("b"));
    route("a", "web", "a.example.com", false, null, backend("a"));
    List<Routing.Route> taking = List.of(new Routing.Route("web", List.of("a.example.com", "shop.example.com"), false, null));
    assertThat(router.conflicts("a", taking)).containsExactly("domain shop.example.com: already served by app b");
    assertThatThrownBy(() -> router.publish("a", taking)).isInstanceOf(HostConflictException.class)
        .hasMessage("domain shop.example.com: already served by app b");
    // a republishes without it, then goes: b serves its host throughout.
    router.publish("a", List.of(new Routing.Route("web", List.of("a.example.com"), false, null)));
    assertThat(RawHttp.get(router.httpPort(), "shop.example.com", "/").body()).contains("name=b");
    router.unpublish("a");
    assertThat(RawHttp.get(router.httpPort(), "shop.example.com", "/").body()).contains("name=b");
    assertThat(RawHttp.get(router.httpPort(), "a.example.com", "/").status()).isEqualTo(404);
  }

  @Test
  void requestBodiesStreamThrough() throws Exception {
    route("shop", "web", "w.test", false, null, backend("a"));
    String body = "x".repeat(200_000);
    RawHttp.Response r = RawHttp.send(router.httpPort(), "POST /upload HTTP/1.1\r\nHost: w.test\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    assertThat(r.body()).contains("method=POST", "body=200000");
    String chunked = "POST /c HTTP/1.1\r\nHost: w.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    assertThat(RawHttp.send(router.httpPort(), chunked).body()).contains("body=11");
  }

  @Test
  void refusedConnectionIsRetriedOnAnotherProcess() throws Exception {
    InetSocketAddress dead;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      dead = new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
    route("shop", "web", "w.test", false, null, dead, backend("alive"));
    for (int i = 0; i < 4; i++) {
      assertThat(RawHttp.get(router.httpPort(), "w.test", "/").body()).contains("name=alive");
    }
    route("shop", "web", "w.test", false, null, dead);
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/").status()).isEqualTo(502);
  }

  @Test
  void internalServicesAreServedOnlyOnTheirEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    route("shop", "api", "shop-api.dev.localhost", true, new Endpoint("http", "127.0.0.1", port), backend("api"));
    assertThat(RawHttp.get(router.httpPort(), "shop-api.dev.localhost", "/").status()).isEqualTo(404);
    assertThat(RawHttp.get(router.httpPort(), "127.0.0.1:" + port, "/").status()).isEqualTo(404);
    assertThat(RawHttp.get(port, "whatever", "/").body()).contains("name=api");
  }

  @Test
  void malformedRequestsGet4xxAndTheRouterKeepsServing() throws Exception {
    route("shop", "web", "w.test", false, null, backend("a"));
    assertThat(RawHttp.send(router.httpPort(), "GARBAGE\r\n\r\n").status()).isBetween(400, 499);
    assertThat(RawHttp.send(router.httpPort(), "GET / HTTP/1.1\r\nHost: w.test\r\nX: " + "y".repeat(40_000) + "\r\n\r\n").status()).isEqualTo(431);
    assertThat(RawHttp.send(router.httpPort(), "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: w.test\r\n\r\n").status()).isEqualTo(414);
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/").status()).isEqualTo(200);
  }

  @Test
  void webSocketUpgradeBecomesATunnel() throws Exception {
    try (ServerSocket upstream = new ServerSocket(0, 8, java.net.InetAddress.getByName("127.0.0.1"))) {
      Thread echo = Thread.ofVirtual().start(() -> {
        try (Socket s = upstream.accept()) {
          InputStream in = s.getInputStream();
          StringBuilder head = new StringBuilder();
          while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
          }
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          byte[] buf = new byte[5];
          int n = in.readNBytes(buf, 0, 5);
          out.write(("echo:" + new String(buf, 0, n, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        } catch (Exception e) {
          // The test fails on the client side.
        }
      });
      route("chat", "ws", "ws.test", false, null, new InetSocketAddress("127.0.0.1", upstream.getLocalPort()));
      try (Socket c = new Socket("127.0.0.1", router.httpPort())) {
        c.setSoTimeout(5000);
        c.getOutputStream().write("GET /chat HTTP/1.1\r\nHost: ws.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = c.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          head.append((char) in.read());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        c.getOutputStream().write("hello".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(new String(in.readNBytes(10), StandardCharsets.ISO_8859_1)).isEqualTo("echo:hello");
      }
      echo.join(5000);
    }
  }

  @Test
  void aClosedRouterLeavesNoPoolBehind() throws Exception {
    Router own = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
    own.publish("shop", List.of(new Routing.Route("web", List.of("w.test"), false, null)));
    own.backends("shop", "web", List.of(backend("a")));
    // Keep-alive requests leave idle backend connections in the pools.
    String req = "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n";
    assertThat(RawHttp.send(own.httpPort(), req + req + req.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"), true).text()).contains("name=a");
    List<WeakReference<BackendPool>> pools = own.pools().stream().map(WeakReference::new).toList();
    assertThat(pools).isNotEmpty();
    own.close();
    own = null;
    // Once the router is gone, so are its pools and the connections they held: nothing global keeps them.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      System.gc();
      return pools.stream().allMatch(p -> p.get() == null);
    });
  }

  @Test
  void slowHeadersGet408AndTheConnectionIsClosed() throws Exception {
    RouterLimits d = RouterLimits.DEFAULT;
    router.limits(new RouterLimits(d.maxInitialLineLength(), d.maxHeaderSize(), 0, d.idleTimeout(), java.time.Duration.ofMillis(500), d.connectTimeout(), d.responseTimeout()));
    route("shop", "web", "w.test", false, null, backend("a"));
    try (Socket c = new Socket("127.0.0.1", router.httpPort())) {
      c.setSoTimeout(5000);
      long t0 = System.nanoTime();
      c.getOutputStream().write("GET / HTTP/1.1\r\nHost: w.test\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(c.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(400L, 4000L);
    }
    // An idle keep-alive connection is not a slow client: a request after a pause still works.
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/").status()).isEqualTo(200);
  }

  @Test
  void bodiesOverTheLimitGet413() throws Exception {
    RouterLimits d = RouterLimits.DEFAULT;
    router.limits(new RouterLimits(d.maxInitialLineLength(), d.maxHeaderSize(), 1000, d.idleTimeout(), d.headerTimeout(), d.connectTimeout(), d.responseTimeout()));
    route("shop", "web", "w.test", false, null, backend("a"));
    String big = "x".repeat(5000);
    assertThat(RawHttp.send(router.httpPort(), "POST / HTTP/1.1\r\nHost: w.test\r\nContent-Length: 5000\r\n\r\n" + big).status()).isEqualTo(413);
    String chunked = "POST / HTTP/1.1\r\nHost: w.test\r\nTransfer-Encoding: chunked\r\n\r\n" + "3e8\r\n" + "y".repeat(1000) + "\r\n" + "3e8\r\n" + "y".repeat(1000) + "\r\n0\r\n\r\n";
    assertThat(RawHttp.send(router.httpPort(), chunked).status()).isEqualTo(413);
    assertThat(RawHttp.send(router.httpPort(), "POST / HTTP/1.1\r\nHost: w.test\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789").body()).contains("body=10");
  }

  @Test
  void aServiceThatNeverAnswersGets504() throws Exception {
    RouterLimits d = RouterLimits.DEFAULT;
    router.limits(new RouterLimits(d.maxInitialLineLength(), d.maxHeaderSize(), 0, d.idleTimeout(), d.headerTimeout(), d.connectTimeout(), java.time.Duration.ofMillis(500)));
    try (ServerSocket silent = new ServerSocket(0, 8, java.net.InetAddress.getByName("127.0.0.1"))) {
      route("shop", "web", "w.test", false, null, new InetSocketAddress("127.0.0.1", silent.getLocalPort()));
      long t0 = System.nanoTime();
      RawHttp.Response r = RawHttp.get(router.httpPort(), "w.test", "/");
      assertThat(r.status()).isEqualTo(504);
      assertThat(r.body()).startsWith("gateway timeout: web did not answer");
      assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(400L, 5000L);
    }
  }

  @Test
  void wildcardDomainsMatchOneOrMoreLabels() throws Exception {
    route("shop", "web", "*.shop.example", false, null, backend("w"));
    assertThat(RawHttp.get(router.httpPort(), "a.shop.example", "/").status()).isEqualTo(200);
    assertThat(RawHttp.get(router.httpPort(), "shop.example", "/").status()).isEqualTo(404);
    assertThat(RawHttp.get(router.httpPort(), "x.y.shop.example.", "/").status()).isEqualTo(200);
  }
}
