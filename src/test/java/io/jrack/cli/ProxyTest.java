package io.jrack.cli;

import static io.jrack.cli.ScaleTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.testing.TestRack;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convox proxy} through the real CLI against a real rack: an internal service's HTTP endpoint
 * answers through it, every byte value goes there and back, and a host outside the rack
 * (an address, a name) is refused: the rack is no open relay.
 */
class ProxyTest {
  static final String MANIFEST = """
      services:
        api:
          build: .
          port: 3000
          internal: true
          command: exec python3 -m http.server $PORT --bind 127.0.0.1
        echo:
          build: .
          port: 4000
          internal: true
          command: exec python3 echo.py
      """;
  /** An HTTP server that answers a POST with its body, byte for byte (services' endpoints here speak HTTP). */
  static final String ECHO = """
      import os
      from http.server import BaseHTTPRequestHandler, HTTPServer
      class Echo(BaseHTTPRequestHandler):
          def do_GET(self):
              self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
          def do_POST(self):
              body = self.rfile.read(int(self.headers["Content-Length"]))
              self.send_response(200); self.send_header("Content-Length", str(len(body))); self.send_header("Connection", "close")
              self.end_headers(); self.wfile.write(body)
      HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Echo).serve_forever()
      """;

  @TempDir
  Path tmp;

  @Test
  void proxyReachesServicesInsideTheRackByteForByteAndNothingElse() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("proxied"));
    Files.writeString(dir.resolve("convox.yml"), MANIFEST);
    Files.writeString(dir.resolve("echo.py"), ECHO);
    try (TestRack rack = TestRack.start(tmp.resolve("rack"))) {
      ok(rack, dir, "rack", "params", "set", "Internal=Yes");
      ok(rack, dir, "apps", "create");
      ok(rack, dir, "deploy");
      int http = freePort();
      int echo = freePort();
      int outside = freePort();
      int loopback = freePort();
      String apiEndpoint = rack.client.serviceList("proxied").stream().filter(s -> s.name().equals("api")).findFirst().orElseThrow()
          .ports().get(0).balancer() + "";

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CliContext ctx = new CliContext(Map.of("RACK_URL", rack.rackUrl(), "JRACK_HOME", tmp.resolve("home").toString()), dir);
      Thread cli = Thread.ofVirtual().start(() -> Main.run(ctx, new PrintWriter(out, true), new PrintWriter(err, true), "proxy",
          http + ":api.proxied:3000", echo + ":echo.proxied.dev.local:4000", outside + ":example.com:80", loopback + ":127.0.0.1:" + apiEndpoint));
      try {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().lines().count() == 4);
        assertThat(out.toString().lines()).containsExactly("proxying localhost:" + http + " to api.proxied:3000",
            "proxying localhost:" + echo + " to echo.proxied.dev.local:4000", "proxying localhost:" + outside + " to example.com:80",
            "proxying localhost:" + loopback + " to 127.0.0.1:" + apiEndpoint);

        // An internal service's HTTP endpoint.
        String answer = new String(exchange(http, "GET / HTTP/1.0\r\nHost: api\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Integer.MAX_VALUE), StandardCharsets.ISO_8859_1);
        assertThat(answer).as(err.toString()).startsWith("HTTP/1.1 200 OK").contains("Directory listing for /");

        // Every byte value, there and back, twice over (in an HTTP body: the service's endpoint speaks HTTP).
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
          all[i] = (byte) i;
        }
        byte[] head = ("POST / HTTP/1.1\r\nHost: echo\r\nConnection: close\r\nContent-Length: " + all.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = java.util.Arrays.copyOf(head, head.length + all.length);
        System.arraycopy(all, 0, request, head.length, all.length);
        byte[] response = exchange(echo, request, Integer.MAX_VALUE);
        assertThat(new String(response, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        assertThat(java.util.Arrays.copyOfRange(response, response.length - all.length, response.length)).isEqualTo(all);

        // Outside the rack: refused, the connection closed with nothing from there.
        assertThat(exchange(outside, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Integer.MAX_VALUE)).isEmpty();
        assertThat(exchange(loopback, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Integer.MAX_VALUE)).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(err.toString())
            .contains("ERROR: proxy: host \"example.com\" (expected: a service or resource of an app of this rack, as SERVICE.APP or "
                + "SERVICE.APP.dev.local, e.g. api.myapp; other hosts are not proxied)")
            .contains("ERROR: proxy: host \"127.0.0.1\""));
        assertThat(out.toString()).contains("connect: " + http, "connect: " + echo);
      } finally {
        cli.interrupt();
      }
    }
  }

  /**
   * Sends {@code bytes} to the local port and reads what comes back, until {@code expected} bytes came or
   * the other side closed. The sending side stays open: a Convox rack ends the whole connection when the
   * client's input ends (stdsdk CopyStreamToEachOther), so a half close is no part of the protocol.
   */
  private static byte[] exchange(int port, byte[] bytes, int expected) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(15_000);
      s.getOutputStream().write(bytes);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      int n;
      while (got.size() < expected && (n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
      return got.toByteArray();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
