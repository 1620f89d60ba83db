package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.jrack.runtime.Routing;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host sets of the router's listeners, over real sockets: a public service on the public host,
 * an {@code internalAndExternal} one on its public host (its internal endpoint aside), an {@code
 * internalRouter} one only on connections from inside (loopback, or an address admitted as a
 * container network's gateway) and 404 on any other address of the machine.
 */
class InternalRouterTest {
  private static final String INTERNAL_HOST = "api.shop.dev.internal";
  private final List<Router> routers = new ArrayList<>();
  private final List<HttpServer> backends = new ArrayList<>();

  @AfterEach
  void stop() {
    routers.forEach(Router::close);
    backends.forEach(b -> b.stop(0));
  }

  @Test
  void internalRouterHostsAnswerOnlyOnConnectionsFromInside() throws Exception {
    InetAddress other = nonLoopbackAddress();
    Router router = start("0.0.0.0");
    publish(router);
    int port = router.httpPort();

    assertThat(get(InetAddress.getLoopbackAddress(), port, INTERNAL_HOST)).as("loopback is inside").startsWith("200 api");
    assertThat(get(InetAddress.getLoopbackAddress(), port, INTERNAL_HOST + ":" + port)).startsWith("200 api");
    assertThat(get(other, port, INTERNAL_HOST)).as("the same listener on a public address").startsWith("404");
    assertThat(get(other, port, "shop-api.dev.localhost")).as("no public host for an internalRouter service").startsWith("404");
    assertThat(get(other, port, "shop-web.dev.localhost")).as("internalAndExternal: public").startsWith("200 web");
    assertThat(get(InetAddress.getLoopbackAddress(), port, "shop-web.dev.localhost")).as("public hosts from inside too").startsWith("200 web");
    assertThat(get(InetAddress.getLoopbackAddress(), port, "web.shop.dev.internal")).as("only internalRouter services are on the internal router").startsWith("404");

    // An address admitted as a container network's gateway is inside: the listener already covers it.
    assertThat(router.internalRouter(other)).containsExactly(port);
    assertThat(get(other, port, INTERNAL_HOST)).startsWith("200 api");

    // Unpublished, the name is gone from inside as well.
    router.unpublish("shop");
    assertThat(get(InetAddress.getLoopbackAddress(), port, INTERNAL_HOST)).startsWith("404");
  }

  @Test
  void aRouterBoundToOneAddressListensOnTheGatewayForTheInternalRouter() throws Exception {
    InetAddress other = nonLoopbackAddress();
    Router router = start("127.0.0.1");
    publish(router);
    int port = router.httpPort();
    assertThat(get(InetAddress.getLoopbackAddress(), port, INTERNAL_HOST)).startsWith("200 api");

    assertThat(router.internalRouter(other)).as("a listener of its own on the gateway, same port").containsExactly(port);
    assertThat(get(other, port, INTERNAL_HOST)).startsWith("200 api");
    assertThat(get(other, port, "shop-web.dev.localhost")).startsWith("200 web");
  }

  private Router start(String bind) throws Exception {
    Router r = Router.start(RouterConfig.of(bind, 0, -1, null));
    routers.add(r);
    return r;
  }

  /** shop: web internalAndExternal (public host, internal endpoint elsewhere), api internalRouter. */
  private void publish(Router router) throws Exception {
    router.publish("shop", List.of(
        new Routing.Route("web", List.of("shop-web.dev.localhost"), false, null, "http", List.of(), List.of()),
        new Routing.Route("api", List.of(), true, null, "http", List.of(), List.of(INTERNAL_HOST))));
    router.backends("shop", "web", List.of(backend("web")));
    router.backends("shop", "api", List.of(backend("api")));
  }

  private InetSocketAddress backend(String name) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    s.createContext("/", ex -> {
      byte[] out = name.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    s.start();
    backends.add(s);
    return s.getAddress();
  }

  /** "STATUS BODY" of one GET sent to {@code address:port}. */
  private static String get(InetAddress address, int port, String host) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 3000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      String text = buf.toString(StandardCharsets.UTF_8);
      int body = text.indexOf("\r\n\r\n");
      return text.substring(9, 12) + " " + (body < 0 ? "" : text.substring(body + 4));
    }
  }

  /**
   * An IPv4 address of this machine that is not loopback: connections to it are not from inside.
   * The machine's own interface first (others' test bridges come and go).
   */
  private static InetAddress nonLoopbackAddress() throws Exception {
    List<NetworkInterface> all = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
    all.sort(java.util.Comparator.comparing(i -> i.getName().startsWith("eth") || i.getName().startsWith("en") ? 0 : 1));
    for (NetworkInterface i : all) {
      if (!i.isUp() || i.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(i.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return a;
        }
      }
    }
    assumeTrue(false, "this machine has no IPv4 address but loopback");
    return null;
  }
}
