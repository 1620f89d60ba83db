package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrack.runtime.Routing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP balancers: L4 listeners relaying bytes to a service's healthy processes (real sockets on 127.0.0.1). */
class RouterTcpBalancerTest {
  Router router;
  final List<Echo> echoes = new ArrayList<>();

  /** A TCP service that is not HTTP: sends its tag, then echoes every byte until the client half-closes. */
  static final class Echo implements AutoCloseable {
    final ServerSocket server;
    final String tag;

    Echo(String tag, int port) throws IOException {
      this.tag = tag;
      this.server = new ServerSocket();
      server.bind(new InetSocketAddress("127.0.0.1", port));
      Thread.ofVirtual().start(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> serve(s));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    private void serve(Socket s) {
      try (s) {
        OutputStream out = s.getOutputStream();
        out.write((tag + ":").getBytes(StandardCharsets.UTF_8));
        s.getInputStream().transferTo(out);
      } catch (IOException e) {
        // the client went away
      }
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
  }

  @AfterEach
  void stop() throws IOException {
    router.close();
    for (Echo e : echoes) {
      e.close();
    }
  }

  Echo echo(String tag) throws IOException {
    Echo e = new Echo(tag, 0);
    echoes.add(e);
    return e;
  }

  /** Sends {@code text}, half-closes, and reads everything until the other side closes. */
  static String talk(int port, String text) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Routing.Route tcp(String service, Routing.Balancer... balancers) {
    return new Routing.Route(service, List.of(), false, null, null, List.of(balancers));
  }

  int listening(String app) {
    List<Routing.BoundBalancer> bound = router.balancers(app);
    assertThat(bound).hasSize(1);
    return bound.get(0).port();
  }

  @Test
  void connectionsGoRoundRobinToTheHealthyProcessesAndAHalfCloseIsPassedOn() throws Exception {
    Echo a = echo("a");
    Echo b = echo("b");
    int port = freePort();
    router.publish("app", List.of(tcp("echo", new Routing.Balancer("main", port, 4000, true))));
    router.backends("app", "echo", List.of(a.address(), b.address()));
    assertThat(router.balancers("app")).containsExactly(new Routing.BoundBalancer("echo", "main", port, port, 4000));

    Set<String> answers = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      answers.add(talk(port, "hello " + i).replaceAll("\\d$", ""));
    }
    assertThat(answers).containsExactlyInAnyOrder("a:hello ", "b:hello ");
    // A larger stream both ways, as it came.
    String big = "x".repeat(1 << 20);
    assertThat(talk(port, big)).endsWith(big).hasSize(big.length() + 2);
    assertThat(router.unexpectedErrors()).isZero();
  }

  @Test
  void aStoppedProcessStillListedIsSkippedAndNoneHealthyClosesTheConnection() throws Exception {
    Echo a = echo("a");
    Echo b = echo("b");
    int port = freePort();
    router.publish("app", List.of(tcp("echo", new Routing.Balancer("main", port, 4000, true))));
    router.backends("app", "echo", List.of(a.address(), b.address()));
    // a stops before its health check notices: its connections are refused, the relay tries b.
    a.close();
    for (int i = 0; i < 6; i++) {
      assertThat(talk(port, "ping")).isEqualTo("b:ping");
    }
    router.backends("app", "echo", List.of(b.address()));
    assertThat(talk(port, "ping")).isEqualTo("b:ping");
    router.backends("app", "echo", List.of());
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      assertThat(s.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
    }
  }

  @Test
  void aTargetPortOtherThanTheMainOneIsThatPortOnTheProcessesHost() throws Exception {
    Echo fixed = echo("fixed");
    int port = freePort();
    router.publish("app", List.of(tcp("db", new Routing.Balancer("db", port, fixed.server.getLocalPort(), false))));
    // The process's own port (where $PORT would be) is not where this balancer goes.
    router.backends("app", "db", List.of(new InetSocketAddress("127.0.0.1", 1)));
    assertThat(talk(port, "q")).isEqualTo("fixed:q");
  }

  @Test
  void aPortThatIsTakenIsReplacedByOneTheSystemGivesAndUnpublishCloses() throws Exception {
    Echo a = echo("a");
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      router.publish("app", List.of(tcp("echo", new Routing.Balancer("main", taken.getLocalPort(), 4000, true))));
      router.backends("app", "echo", List.of(a.address()));
      Routing.BoundBalancer bound = router.balancers("app").get(0);
      assertThat(bound.asked()).isEqualTo(taken.getLocalPort());
      assertThat(bound.port()).isNotEqualTo(taken.getLocalPort()).isPositive();
      assertThat(talk(bound.port(), "hi")).isEqualTo("a:hi");

      // Published again unchanged (a deploy's second publish): the same listener, the same port.
      router.publish("app", List.of(tcp("echo", new Routing.Balancer("main", taken.getLocalPort(), 4000, true))));
      assertThat(listening("app")).isEqualTo(bound.port());

      router.unpublish("app");
      assertThat(router.balancers("app")).isEmpty();
      assertThatThrownBy(() -> talk(bound.port(), "hi")).isInstanceOf(ConnectException.class);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
