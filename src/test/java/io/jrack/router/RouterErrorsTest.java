package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the router does with exceptions: a bug is counted and logged (rate-limited), a peer going away is neither. */
class RouterErrorsTest {
  Router router;
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(UnexpectedErrors.class);

  @BeforeEach
  void start() throws Exception {
    logged.start();
    logger.addAppender(logged);
    // Kept here rather than printed: these tests cause the errors on purpose.
    logger.setAdditive(false);
    router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
  }

  @AfterEach
  void stop() {
    router.close();
    logger.detachAppender(logged);
    logger.setAdditive(true);
  }

  List<ILoggingEvent> errors() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
  }

  static void send(Socket c, String text) throws IOException {
    c.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    c.getOutputStream().flush();
  }

  @Test
  void aBugIsCountedAndLoggedAtMostOncePerInterval() throws Exception {
    // A listener whose routing throws, as a bug in the router would.
    Channel buggy = router.bind("127.0.0.1", 0, null, "http", request -> {
      throw new IllegalStateException("a bug in the router");
    });
    int port = ((InetSocketAddress) buggy.localAddress()).getPort();
    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      try (Socket c = new Socket("127.0.0.1", port)) {
        c.setSoTimeout(10_000);
        send(c, "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n");
        assertThat(c.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> router.unexpectedErrors() == 5);
    long intervals = 1 + (System.nanoTime() - started) / Duration.ofSeconds(10).toNanos();
    assertThat(errors()).hasSizeBetween(1, (int) intervals);
    ILoggingEvent first = errors().get(0);
    assertThat(first.getFormattedMessage()).startsWith("router: unexpected error on a client connection (/127.0.0.1:");
    assertThat(first.getThrowableProxy().getMessage()).isEqualTo("a bug in the router");
  }

  @Test
  void clientsResettingTheirConnectionsAreNotErrors() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 8, java.net.InetAddress.getByName("127.0.0.1"))) {
      router.publish("app", List.of(new io.jrack.runtime.Routing.Route("web", List.of("w.test"), false, null)));
      router.backends("app", "web", List.of(new InetSocketAddress("127.0.0.1", silent.getLocalPort())));
      for (int i = 0; i < 5; i++) {
        Socket c = new Socket("127.0.0.1", router.httpPort());
        send(c, "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n");
        // Closed with a reset (RST), in the middle of an exchange.
        c.setSoLinger(true, 0);
        c.close();
      }
      // Then a client that sends more after the router closed on it (a write into a reset connection).
      try (Socket c = new Socket("127.0.0.1", router.httpPort())) {
        send(c, "GARBAGE\r\n\r\n");
        c.setSoTimeout(10_000);
        c.getInputStream().readAllBytes();
        send(c, "more");
      } catch (SocketException expected) {
        // The router closed first.
      }
    }
    // The router still serves, and counted none of it.
    assertThat(io.jrack.testing.RawHttp.get(router.httpPort(), "nowhere.test", "/").status()).isEqualTo(404);
    assertThat(router.unexpectedErrors()).isZero();
    assertThat(errors()).isEmpty();
  }

  @Test
  void aPeerGoingAwayIsOrdinaryAndAnythingElseIsNot() {
    assertThat(UnexpectedErrors.ordinary(new SocketException("Connection reset"))).isTrue();
    assertThat(UnexpectedErrors.ordinary(new ClosedChannelException())).isTrue();
    assertThat(UnexpectedErrors.ordinary(new IOException("Broken pipe"))).isTrue();
    assertThat(UnexpectedErrors.ordinary(new DecoderException(new SSLHandshakeException("no cipher suites in common")))).isTrue();
    assertThat(UnexpectedErrors.ordinary(new NotSslRecordException("not an SSL/TLS record"))).isTrue();
    assertThat(UnexpectedErrors.ordinary(new NullPointerException())).isFalse();
    assertThat(UnexpectedErrors.ordinary(new IllegalStateException("a bug"))).isFalse();
    // The TLS handler wraps what the handlers after it throw.
    assertThat(UnexpectedErrors.ordinary(new DecoderException(new NullPointerException()))).isFalse();
    assertThat(UnexpectedErrors.ordinary(new OutOfMemoryError())).isFalse();
  }

  @Test
  void whatWasNotLoggedIsCountedInTheNextLine() {
    UnexpectedErrors errors = new UnexpectedErrors(Duration.ofMillis(100));
    InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 1);
    errors.caught("backend", peer, new NullPointerException("first"));
    errors.caught("backend", peer, new NullPointerException("second"));
    errors.caught("backend", peer, new IOException("a reset"));
    assertThat(errors.count()).isEqualTo(2);
    assertThat(errors()).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      errors.caught("backend", peer, new NullPointerException("later"));
      return errors().size() == 2;
    });
    assertThat(errors().get(1).getFormattedMessage())
        .startsWith("router: unexpected error on a backend connection (/127.0.0.1:1), which was closed (")
        .containsPattern("\\(\\d+ more since the last one logged\\)$");
  }
}
