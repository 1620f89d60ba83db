package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrack.runtime.Routing;
import io.jrack.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 through the router byte by byte: bodies and their framing (lengths, chunks, HEAD,
 * until close), pipelining, HTTP/1.0 clients, interim responses, the hop-by-hop and forwarded fields,
 * and the requests a proxy must refuse because two parsers could read them differently. Backends
 * here are raw sockets, so each test decides exactly what the backend sends.
 */
class RouterProtocolTest {
  Router router;
  final List<ServerSocket> backends = new ArrayList<>();
  /** The request heads the backends received, in order. */
  final List<String> seen = new CopyOnWriteArrayList<>();

  /** What a scripted backend does with one request on a connection: read its body, answer. */
  interface Script {
    void answer(String head, InputStream in, OutputStream out) throws IOException;
  }

  @BeforeEach
  void start() throws Exception {
    router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
  }

  @AfterEach
  void stop() throws IOException {
    router.close();
    for (ServerSocket s : backends) {
      s.close();
    }
  }

  /** A backend on loopback that runs {@code script} for every request of every connection, serving w.test of app "app". */
  void backend(Script script) throws IOException {
    ServerSocket server = serve(script);
    router.publish("app", List.of(new Routing.Route("web", List.of("w.test"), false, null)));
    router.backends("app", "web", List.of(new InetSocketAddress("127.0.0.1", server.getLocalPort())));
  }

  /** A backend on loopback that runs {@code script} for every request of every connection. */
  ServerSocket serve(Script script) throws IOException {
    ServerSocket server = new ServerSocket(0, 64, InetAddress.getByName("127.0.0.1"));
    backends.add(server);
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofVirtual().start(() -> {
            try (s) {
              InputStream in = s.getInputStream();
              String head;
              while ((head = readHead(in)) != null) {
                seen.add(head);
                script.answer(head, in, s.getOutputStream());
                s.getOutputStream().flush();
              }
            } catch (IOException e) {
              // The connection ended.
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    return server;
  }

  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        return head.toString();
      }
    }
    return null;
  }

  static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring(15).strip());
      }
    }
    return 0;
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A response read off a client connection: status, header fields (lower-case names), body. */
  record Reply(int status, Map<String, String> fields, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  /** Reads one response, delimited as a client would: HEAD, Content-Length, chunks, or the end of the connection. */
  static Reply read(InputStream in, boolean headRequest) throws IOException {
    String head = readHead(in);
    assertThat(head).as("a response head").isNotNull();
    String[] lines = head.split("\r\n");
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      fields.merge(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
    }
    int status = Integer.parseInt(lines[0].substring(9, 12));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headRequest || status < 200 || status == 204 || status == 304) {
      return new Reply(status, fields, body.toByteArray());
    }
    if ("chunked".equalsIgnoreCase(fields.get("transfer-encoding"))) {
      return new Reply(status, fields, dechunk(in));
    }
    if (fields.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(fields.get("content-length"))));
    } else {
      body.write(in.readAllBytes());
    }
    return new Reply(status, fields, body.toByteArray());
  }

  Socket client() throws IOException {
    Socket s = new Socket("127.0.0.1", router.httpPort());
    s.setSoTimeout(10_000);
    return s;
  }

  /** A backend that answers every request with its path and the length of the body it read. */
  void echoBackend() throws IOException {
    backend((head, in, out) -> {
      byte[] got = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked") ? dechunk(in) : in.readNBytes((int) contentLength(head));
      String path = head.split(" ")[1];
      String body = "path=" + path + " body=" + got.length + "\n";
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    });
  }

  static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new java.io.EOFException("the connection ended in a chunked body");
        }
        size.append((char) c);
      }
      int n = Integer.parseInt(size.toString().strip().split(";")[0], 16);
      body.write(in.readNBytes(n));
      if (n == 0) {
        readHead(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream("\r\n".getBytes(StandardCharsets.ISO_8859_1)), in));
        return body.toByteArray();
      }
      in.readNBytes(2);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    echoBackend();
    try (Socket c = client()) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        all.append("POST /").append(i).append(" HTTP/1.1\r\nHost: w.test\r\nContent-Length: 3\r\n\r\nabc");
      }
      write(c.getOutputStream(), all.toString());
      for (int i = 0; i < 5; i++) {
        assertThat(read(c.getInputStream(), false).text()).isEqualTo("path=/" + i + " body=3\n");
      }
    }
  }

  @Test
  void chunkedResponsesPassThroughAndTheConnectionStaysUsable() throws Exception {
    AtomicInteger n = new AtomicInteger();
    backend((head, in, out) -> {
      int i = n.incrementAndGet();
      write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n" + Integer.toHexString(6) + "\r\n world\r\n0\r\nX-Trailer: " + i + "\r\n\r\n");
    });
    try (Socket c = client()) {
      for (int i = 0; i < 3; i++) {
        write(c.getOutputStream(), "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n");
        Reply r = read(c.getInputStream(), false);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello world");
      }
    }
    assertThat(n.get()).isEqualTo(3);
  }

  @Test
  void largeBodiesArriveIntactBothWays() throws Exception {
    byte[] payload = new byte[3_000_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + (i >> 8));
    }
    backend((head, in, out) -> {
      byte[] got = in.readNBytes((int) contentLength(head));
      String digest = sha(got);
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + (got.length + 65) + "\r\n\r\n" + digest + "\n");
      out.write(got);
    });
    try (Socket c = client()) {
      write(c.getOutputStream(), "PUT /big HTTP/1.1\r\nHost: w.test\r\nContent-Length: " + payload.length + "\r\n\r\n");
      c.getOutputStream().write(payload);
      Reply r = read(c.getInputStream(), false);
      byte[] body = r.body();
      assertThat(new String(body, 0, 64, StandardCharsets.ISO_8859_1)).isEqualTo(sha(payload));
      byte[] back = java.util.Arrays.copyOfRange(body, 65, body.length);
      assertThat(sha(back)).isEqualTo(sha(payload));
    }
  }

  static String sha(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void headResponsesHaveNoBodyEvenWithAContentLength() throws Exception {
    backend((head, in, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
        + (head.startsWith("HEAD") ? "" : "x".repeat(1000))));
    try (Socket c = client()) {
      write(c.getOutputStream(), "HEAD / HTTP/1.1\r\nHost: w.test\r\n\r\nGET / HTTP/1.1\r\nHost: w.test\r\n\r\n");
      Reply head = read(c.getInputStream(), true);
      assertThat(head.fields()).containsEntry("content-length", "1000");
      Reply get = read(c.getInputStream(), false);
      assertThat(get.text()).hasSize(1000);
    }
  }

  @Test
  void aBodyThatEndsWithTheConnectionEndsTheClientsConnectionToo() throws Exception {
    backend((head, in, out) -> {
      write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nno length here");
      throw new IOException("the backend closes");
    });
    try (Socket c = client()) {
      write(c.getOutputStream(), "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n");
      Reply r = read(c.getInputStream(), false);
      assertThat(r.fields()).containsEntry("connection", "close");
      assertThat(r.text()).isEqualTo("no length here");
    }
  }

  @Test
  void aBackendClosingItsConnectionDoesNotCloseTheClients() throws Exception {
    backend((head, in, out) -> {
      write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok");
      throw new IOException("the backend closes");
    });
    try (Socket c = client()) {
      for (int i = 0; i < 3; i++) {
        write(c.getOutputStream(), "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n");
        Reply r = read(c.getInputStream(), false);
        assertThat(r.text()).isEqualTo("ok");
        assertThat(r.fields()).containsEntry("connection", "keep-alive").doesNotContainKey("keep-alive");
      }
    }
  }

  @Test
  void http10ClientsGetTheirConnectionSemantics() throws Exception {
    echoBackend();
    try (Socket c = client()) {
      write(c.getOutputStream(), "GET /a HTTP/1.0\r\nHost: w.test\r\nConnection: keep-alive\r\n\r\n");
      Reply r = read(c.getInputStream(), false);
      assertThat(r.fields()).containsEntry("connection", "keep-alive");
      write(c.getOutputStream(), "GET /b HTTP/1.0\r\nHost: w.test\r\n\r\n");
      Reply last = read(c.getInputStream(), false);
      assertThat(last.text()).isEqualTo("path=/b body=0\n");
      assertThat(last.fields()).containsEntry("connection", "close");
      assertThat(c.getInputStream().read()).isEqualTo(-1);
    }
    // Upstream, every request is HTTP/1.1 (the router's pool keeps its connections).
    assertThat(seen).allSatisfy(h -> assertThat(h).contains(" HTTP/1.1\r\n"));
  }

  @Test
  void interimResponsesPrecedeTheFinalOne() throws Exception {
    backend((head, in, out) -> {
      write(out, "HTTP/1.1 100 Continue\r\n\r\n");
      out.flush();
      byte[] got = in.readNBytes((int) contentLength(head));
      write(out, "HTTP/1.1 201 Created\r\nContent-Length: " + got.length + "\r\n\r\n" + new String(got, StandardCharsets.ISO_8859_1));
    });
    try (Socket c = client()) {
      write(c.getOutputStream(), "POST / HTTP/1.1\r\nHost: w.test\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
      assertThat(read(c.getInputStream(), false).status()).isEqualTo(100);
      write(c.getOutputStream(), "data");
      Reply r = read(c.getInputStream(), false);
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.text()).isEqualTo("data");
    }
  }

  @Test
  void hopByHopFieldsStayOnTheirHopAndForwardedFieldsAreTheRoutersOwn() throws Exception {
    echoBackend();
    RawHttp.Response r = RawHttp.send(router.httpPort(), "GET / HTTP/1.1\r\nHost: w.test\r\nConnection: close\r\nKeep-Alive: 5\r\n"
        + "Proxy-Connection: keep-alive\r\nTE: trailers\r\nUpgrade: h2c\r\nX-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: https\r\n"
        + "X-Forwarded-Port: 443\r\nX-Custom: kept\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    String upstream = seen.get(0).toLowerCase(Locale.ROOT);
    assertThat(upstream).doesNotContain("connection:", "keep-alive:", "te:", "upgrade:", "https", ": 443");
    assertThat(upstream).contains("x-forwarded-for: 10.1.2.3, 127.0.0.1\r\n", "x-forwarded-proto: http\r\n",
        "x-forwarded-port: " + router.httpPort() + "\r\n", "x-custom: kept\r\n", "host: w.test\r\n");
  }

  @Test
  void ambiguousOrMalformedRequestsAreRefused() throws Exception {
    echoBackend();
    String host = "Host: w.test\r\n";
    assertThat(status("POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).isEqualTo(400);
    assertThat(status("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n")).isEqualTo(400);
    assertThat(status("POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")).isEqualTo(400);
    assertThat(status("POST / HTTP/1.1\r\n" + host + "Content-Length: -3\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\n" + host + "X-Folded: a\r\n b\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\n" + host + "Bad Name: x\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\n" + host + "X: a\u0001b\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\nHost: w.test\r\nHost: other.test\r\n\r\n")).isEqualTo(400);
    assertThat(status("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/2.0\r\n" + host + "\r\n")).isEqualTo(505);
    assertThat(status("GET / HTTP/1.\u0001\r\n" + host + "\r\n")).isEqualTo(400);
    assertThat(status("G)T / HTTP/1.1\r\n" + host + "\r\n")).isEqualTo(400);
    assertThat(status("GET /a\u0005b HTTP/1.1\r\n" + host + "\r\n")).isEqualTo(400);
    assertThat(status("CONNECT w.test:443 HTTP/1.1\r\n" + host + "\r\n")).isEqualTo(405);
    // Bare LF line ends in the head: relayed as they came, a backend that splits only at CRLF would see
    // one field where the router saw two.
    assertThat(status("GET / HTTP/1.1\nHost: w.test\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\nHost: w.test\nTransfer-Encoding: chunked\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\nHost: w.test\r\n\n")).isEqualTo(400);
    // None of them reached the backend.
    assertThat(seen).isEmpty();
    // Chunk framing as a strict backend reads it: CRLF only, no CR, LF or CTL in extensions or trailers.
    String chunked = "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n";
    assertThat(status(chunked + "5\nhello\n0\n\n")).isEqualTo(400);
    assertThat(status(chunked + "5\r\nhello\n0\r\n\r\n")).isEqualTo(400);
    assertThat(status(chunked + "5;a\rb\r\nhello\r\n0\r\n\r\n")).isEqualTo(400);
    assertThat(status(chunked + "5;a\u0000b\r\nhello\r\n0\r\n\r\n")).isEqualTo(400);
    assertThat(status(chunked + "5\r\nhello\r\n0\r\nX-T: a\u0001b\r\n\r\n")).isEqualTo(400);
    assertThat(status(chunked + "5\r\nhello\r\n0\r\nX-T: a\rb\r\n\r\n")).isEqualTo(400);
    assertThat(status(chunked + "5\r\nhello\r\n0\r\nX-T: 1\n\r\n")).isEqualTo(400);
    // The head of a chunked request may have gone upstream before its body was read: never a body the
    // router refused, since the backend's connection is closed at the first bad byte. The router still serves.
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/").body()).isEqualTo("path=/ body=0\n");
  }

  int status(String request) throws IOException {
    return RawHttp.send(router.httpPort(), request).status();
  }

  @Test
  void anUnreadableResponseIs502AndTheClientKeepsItsAnswer() throws Exception {
    backend((head, in, out) -> write(out, "SOMETHING ELSE\r\n\r\n"));
    RawHttp.Response r = RawHttp.get(router.httpPort(), "w.test", "/");
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).startsWith("bad gateway: web sent an invalid response (invalid status line)");
  }

  @Test
  void aConnectionClosedBeforeAnyAnswerIsRetriedOnlyWhenThatIsSafe() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    backend((head, in, out) -> {
      in.readNBytes((int) contentLength(head));
      if (requests.incrementAndGet() % 2 == 1) {
        throw new IOException("closes without answering");
      }
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    // A GET is sent again on a new connection; the client sees only the answer.
    assertThat(RawHttp.get(router.httpPort(), "w.test", "/").body()).isEqualTo("ok");
    assertThat(seen).hasSize(2);
    // A POST whose body was sent is not: the backend may have acted on it.
    RawHttp.Response post = RawHttp.send(router.httpPort(), "POST / HTTP/1.1\r\nHost: w.test\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody");
    assertThat(post.status()).isEqualTo(502);
    assertThat(post.body()).isEqualTo("bad gateway: web closed the connection\n");
    assertThat(seen).hasSize(3);
  }

  @Test
  void aClientThatReadsSlowlyHoldsBackTheBackendNotTheRoutersMemory() throws Exception {
    int size = 64 << 20;
    AtomicLong written = new AtomicLong();
    backend((head, in, out) -> {
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
      byte[] block = new byte[65536];
      for (int i = 0; i < size / block.length; i++) {
        out.write(block);
        written.addAndGet(block.length);
      }
    });
    try (Socket c = client()) {
      c.setReceiveBufferSize(65536);
      write(c.getOutputStream(), "GET /big HTTP/1.1\r\nHost: w.test\r\n\r\n");
      // The backend stops writing once the socket buffers on both hops are full (a few MB on loopback);
      // without backpressure the router would read all 64 MB before it stopped.
      AtomicLong last = new AtomicLong(-1);
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
          .until(() -> written.get() > 0 && last.getAndSet(written.get()) == written.get());
      assertThat(written.get()).isLessThan(size / 2);
      Reply r = read(c.getInputStream(), false);
      assertThat(r.body()).hasSize(size);
    }
    assertThat(written.get()).isEqualTo(size);
  }

  @Test
  void partialHeadsAndBodiesAreReassembled() throws Exception {
    echoBackend();
    try (Socket c = client()) {
      String request = "POST /slow HTTP/1.1\r\nHost: w.test\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
      // Byte by byte: every boundary of the head and of the chunk framing falls between two reads.
      for (byte b : request.getBytes(StandardCharsets.ISO_8859_1)) {
        c.getOutputStream().write(b);
        c.getOutputStream().flush();
      }
      assertThat(read(c.getInputStream(), false).text()).isEqualTo("path=/slow body=5\n");
    }
    assertThat(seen.get(0)).contains("Transfer-Encoding: chunked");
  }

  @Test
  void aSwitchToAnotherProtocolThatWasNotAskedForIs502AndNeverATunnel() throws Exception {
    // A backend that switches protocols whatever it is asked, and then answers anything that comes through.
    AtomicBoolean backendClosed = new AtomicBoolean();
    backend((head, in, out) -> {
      write(out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: raw\r\nConnection: upgrade\r\n\r\n");
      out.flush();
      byte[] b = new byte[4096];
      while (in.read(b) > 0) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\ntunnel");
        out.flush();
      }
      backendClosed.set(true);
    });
    ServerSocket other = serve((head, in, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nother"));
    router.publish("other", List.of(new Routing.Route("web", List.of("o.test"), false, null)));
    router.backends("other", "web", List.of(new InetSocketAddress("127.0.0.1", other.getLocalPort())));
    try (Socket c = client()) {
      write(c.getOutputStream(), "GET / HTTP/1.1\r\nHost: w.test\r\n\r\n");
      Reply r = read(c.getInputStream(), false);
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.text()).isEqualTo("bad gateway: web switched protocols, but the request did not ask to upgrade\n");
      // The next request on this connection, for another app, reaches that app or finds the connection
      // closed: it never goes through to the first backend.
      String next;
      try {
        write(c.getOutputStream(), "GET / HTTP/1.1\r\nHost: o.test\r\n\r\n");
        next = readHead(c.getInputStream());
      } catch (java.net.SocketException reset) {
        next = null;
      }
      if (next != null) {
        assertThat(next).startsWith("HTTP/1.1 200");
        assertThat(new String(c.getInputStream().readNBytes(5), StandardCharsets.ISO_8859_1)).isEqualTo("other");
      }
    }
    // The router dropped its connection to the backend rather than keep it as a tunnel or in its pool.
    await().atMost(Duration.ofSeconds(10)).untilTrue(backendClosed);
    assertThat(seen.stream().filter(h -> h.contains("Host: w.test"))).hasSize(1);
  }
}
