package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jrack.runtime.Routing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idle timeout: a keep-alive connection with nothing in flight is closed; one waiting for an answer is not. */
class RouterIdleTest {
  Router router;
  HttpServer backend;

  @BeforeEach
  void start() throws Exception {
    router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
    RouterLimits d = RouterLimits.DEFAULT;
    router.limits(new RouterLimits(d.maxInitialLineLength(), d.maxHeaderSize(), 0, Duration.ofMillis(300), d.headerTimeout(), d.connectTimeout(), d.responseTimeout()));
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.createContext("/", ex -> {
      if (ex.getRequestURI().getPath().equals("/slow")) {
        try {
          Thread.sleep(1200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] out = "ok\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    backend.start();
    router.publish("shop", List.of(new Routing.Route("web", List.of("w.test"), false, null)));
    router.backends("shop", "web", List.of(backend.getAddress()));
  }

  @AfterEach
  void stop() {
    router.close();
    backend.stop(0);
  }

  /** Reads one response with a Content-Length body; returns its status line. */
  static String response(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before a whole response: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    in.readNBytes(length);
    return text.substring(0, text.indexOf("\r\n"));
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws Exception {
    try (Socket c = new Socket("127.0.0.1", router.httpPort())) {
      c.setSoTimeout(10_000);
      c.getOutputStream().write("GET / HTTP/1.1\r\nHost: w.test\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(response(c.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
      // Nothing more is sent: the router closes the connection (end of stream), the read does not time out.
      assertThat(c.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void aConnectionWaitingLongerThanTheIdleTimeoutForAnAnswerIsNotClosed() throws Exception {
    try (Socket c = new Socket("127.0.0.1", router.httpPort())) {
      c.setSoTimeout(10_000);
      c.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: w.test\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(response(c.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
    }
  }
}
