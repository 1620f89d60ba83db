package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.runtime.Routing;
import io.jrack.tls.CertificateAuthority;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 clients that misbehave and vanish mid-response, in clear and over TLS, many at once: tiny or
 * starved flow-control windows never updated, sockets never read, streams reset mid-body, windows made
 * negative, bodies left half sent, connections cut with a TCP reset (as a killed process's are), and a
 * backend that closes mid-body. Once they are gone the router must go quiet: its event loops stop using
 * CPU, every socket it held (client and backend side) is closed, and fresh clients on every loop are served.
 */
class RouterH2StressTest {
  static final int BIG = 256 * 1024;
  static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  static final int CANCEL = 0x8;

  Router router;
  ServerSocket backend;
  final Set<Socket> backendSockets = ConcurrentHashMap.newKeySet();
  CertificateAuthority.Issued cert;
  SSLContext clientTls;

  @BeforeEach
  void start() throws Exception {
    cert = TestCerts.issue();
    router = Router.start(RouterConfig.of("127.0.0.1", 0, 0, RouterTls.server(cert.key(), cert.certificate(), cert.issuer())));
    backend = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("stress-backend").start(this::acceptLoop);
    router.publish("app", List.of(new Routing.Route("web", List.of("w.test"), false, null)));
    router.backends("app", "web", List.of((InetSocketAddress) backend.getLocalSocketAddress()));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", cert.issuer());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);
  }

  @AfterEach
  void stop() throws IOException {
    router.close();
    backend.close();
    for (Socket s : backendSockets) {
      s.close();
    }
  }

  @Test
  void afterClientsVanishMidStreamTheRouterStopsUsingCpuAndClosesEverything() throws Exception {
    servedOnEveryLoop();
    Thread.sleep(1_000); // the backend's idle connections closed
    long socketsBefore = openSockets();
    List<Callable<Void>> clients = new ArrayList<>();
    // More rounds to hunt a rare failure: -Djrack.stress.rounds=N.
    for (int round = 0; round < Integer.getInteger("jrack.stress.rounds", 3); round++) {
      for (boolean tls : new boolean[] {false, true}) {
        clients.add(() -> tinyWindowNeverUpdated(tls));
        clients.add(() -> neverRead(tls));
        clients.add(() -> resetMidBody(tls));
        clients.add(() -> backendCutsMidBody(tls));
        clients.add(() -> halfABodyThenGone(tls));
        clients.add(() -> windowMadeNegative(tls));
        clients.add(() -> connectionWindowStarved(tls));
        clients.add(() -> finMidStream(tls));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<Void> f : pool.invokeAll(clients, 120, TimeUnit.SECONDS)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // Every socket of those clients, and every backend connection their streams took, is closed by the router.
    awaitTrue(() -> openSockets() <= socketsBefore, 5_000);
    assertThat(openSockets()).as("sockets open in this JVM (router and backend sides) against %d before", socketsBefore).isLessThanOrEqualTo(socketsBefore);
    assertThat(router.inFlight((InetSocketAddress) backend.getLocalSocketAddress())).isZero();
    // Nothing left running: the event loops' CPU over 2 s is the periodic timers' (a spinning loop would use ~2 s).
    long cpu = routerCpuNanos();
    Thread.sleep(2_000);
    long used = TimeUnit.NANOSECONDS.toMillis(routerCpuNanos() - cpu);
    assertThat(used).as("router event-loop CPU (ms) in the 2 s after the clients left").isLessThan(200);
    servedOnEveryLoop();
  }

  // ---- the clients

  Void tinyWindowNeverUpdated(boolean tls) throws Exception {
    H2Wire h2 = connect(tls, 8);
    for (int s = 1; s <= 39; s += 2) {
      h2.headers(s, get("/big"), true);
    }
    drain(h2, 200);
    vanish(h2);
    return null;
  }

  Void neverRead(boolean tls) throws Exception {
    H2Wire h2 = connect(tls, -1);
    h2.frame(H2Wire.WINDOW_UPDATE, 0, 0, H2Wire.int32(1 << 30));
    for (int s = 1; s <= 99; s += 2) {
      h2.headers(s, get("/big"), true);
    }
    Thread.sleep(300);
    vanish(h2);
    return null;
  }

  /** Each stream is cancelled at its first DATA frame; the connection is still served afterwards. */
  Void resetMidBody(boolean tls) throws Exception {
    try (H2Wire h2 = connect(tls, -1)) {
      h2.frame(H2Wire.WINDOW_UPDATE, 0, 0, H2Wire.int32(1 << 30));
      for (int s = 1; s <= 19; s += 2) {
        h2.headers(s, get("/big"), true);
      }
      Set<Integer> cancelled = new java.util.HashSet<>();
      while (cancelled.size() < 10) {
        H2Wire.Frame f = h2.read();
        if ((f.type() == H2Wire.DATA || f.type() == H2Wire.RST_STREAM) && cancelled.add(f.stream()) && f.type() == H2Wire.DATA) {
          h2.rst(f.stream(), CANCEL);
        }
      }
      h2.headers(21, get("/small"), true);
      assertThat(h2.response(21).body()).isEqualTo("ok\n");
    }
    return null;
  }

  /** The backend closes half way through each body: each stream ends (reset), the connection stays. */
  Void backendCutsMidBody(boolean tls) throws Exception {
    try (H2Wire h2 = connect(tls, -1)) {
      h2.frame(H2Wire.WINDOW_UPDATE, 0, 0, H2Wire.int32(1 << 30));
      for (int s = 1; s <= 9; s += 2) {
        h2.headers(s, get("/cut"), true);
      }
      Set<Integer> ended = new java.util.HashSet<>();
      while (ended.size() < 5) {
        H2Wire.Frame f = h2.read();
        if (f.type() == H2Wire.RST_STREAM || (f.type() == H2Wire.DATA || f.type() == H2Wire.HEADERS) && (f.flags() & H2Wire.END_STREAM) != 0) {
          ended.add(f.stream());
        }
      }
      h2.headers(11, get("/small"), true);
      assertThat(h2.response(11).body()).isEqualTo("ok\n");
    }
    return null;
  }

  Void halfABodyThenGone(boolean tls) throws Exception {
    H2Wire h2 = connect(tls, -1);
    for (int s = 1; s <= 19; s += 2) {
      h2.headers(s, new DefaultHttp2Headers().method("POST").scheme("http").authority("w.test").path("/post"), false);
      h2.frame(H2Wire.DATA, 0, s, new byte[4000]);
    }
    drain(h2, 100);
    vanish(h2);
    return null;
  }

  /** SETTINGS_INITIAL_WINDOW_SIZE lowered to 0 mid-response: windows already used go negative; then a few bytes more. */
  Void windowMadeNegative(boolean tls) throws Exception {
    H2Wire h2 = connect(tls, -1);
    for (int s = 1; s <= 39; s += 2) {
      h2.headers(s, get("/big"), true);
    }
    drain(h2, 100);
    h2.frame(H2Wire.SETTINGS, 0, 0, setting(SETTINGS_INITIAL_WINDOW_SIZE, 0));
    h2.frame(H2Wire.WINDOW_UPDATE, 0, 0, H2Wire.int32(1 << 24));
    for (int s = 1; s <= 39; s += 4) {
      h2.frame(H2Wire.WINDOW_UPDATE, 0, s, H2Wire.int32(100));
    }
    drain(h2, 100);
    vanish(h2);
    return null;
  }

  /** Stream windows of 1 GB but the connection's left at 64 KB, then opened a byte at a time. */
  Void connectionWindowStarved(boolean tls) throws Exception {
    H2Wire h2 = connect(tls, 1 << 30);
    for (int s = 1; s <= 59; s += 2) {
      h2.headers(s, get("/big"), true);
    }
    drain(h2, 150);
    for (int i = 0; i < 200; i++) {
      h2.frame(H2Wire.WINDOW_UPDATE, 0, 0, H2Wire.int32(1));
    }
    drain(h2, 100);
    vanish(h2);
    return null;
  }

  /** A polite end mid-stream: FIN, not a reset. */
  Void finMidStream(boolean tls) throws Exception {
    H2Wire h2 = connect(tls, 1024);
    for (int s = 1; s <= 19; s += 2) {
      h2.headers(s, get("/big"), true);
    }
    drain(h2, 100);
    h2.frame(H2Wire.GOAWAY, 0, 0, new byte[8]);
    h2.close();
    return null;
  }

  // ---- helpers

  static DefaultHttp2Headers get(String path) {
    return (DefaultHttp2Headers) new DefaultHttp2Headers().method("GET").scheme("http").authority("w.test").path(path);
  }

  static byte[] setting(int id, int value) {
    byte[] v = H2Wire.int32(value);
    return new byte[] {(byte) (id >> 8), (byte) id, v[0], v[1], v[2], v[3]};
  }

  /** A connection in clear or over TLS (ALPN h2), its SETTINGS exchanged; {@code window} >= 0 sets our initial window. */
  H2Wire connect(boolean tls, int window) throws IOException {
    Socket plain = new Socket("127.0.0.1", tls ? router.httpsPort() : router.httpPort());
    H2Wire h2;
    if (tls) {
      SSLSocket s = (SSLSocket) clientTls.getSocketFactory().createSocket(plain, "localhost", router.httpsPort(), true);
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(p);
      s.startHandshake();
      assertThat(s.getApplicationProtocol()).isEqualTo("h2");
      h2 = new Wire(s, plain);
    } else {
      h2 = new Wire(plain, plain);
    }
    if (window >= 0) {
      h2.frame(H2Wire.SETTINGS, 0, 0, setting(SETTINGS_INITIAL_WINDOW_SIZE, window));
    }
    h2.handshake();
    return h2;
  }

  /** An H2Wire that knows its TCP socket under TLS, to cut it with a reset. */
  static final class Wire extends H2Wire {
    final Socket tcp;

    Wire(Socket s, Socket tcp) throws IOException {
      super(s);
      this.tcp = tcp;
    }
  }

  /** Gone as a killed process is: the TCP connection reset, no GOAWAY, no TLS close_notify. */
  static void vanish(H2Wire h2) throws IOException {
    Socket tcp = ((Wire) h2).tcp;
    tcp.setSoLinger(true, 0);
    tcp.close();
  }

  /** Whatever comes within {@code millis}, read and dropped. */
  static void drain(H2Wire h2, int millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000L;
    for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000L) {
      h2.poll((int) Math.max(1, left));
    }
  }

  /** One request on each of several fresh connections (so on every event loop) answered within 5 s. */
  void servedOnEveryLoop() throws Exception {
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      try (H2Wire h2 = connect(i % 2 == 1, -1)) {
        h2.socket.setSoTimeout(5_000);
        h2.headers(1, get("/small"), true);
        assertThat(h2.response(1).body()).isEqualTo("ok\n");
      }
    }
  }

  static long openSockets() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException e) {
          return false;
        }
      }).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CPU time of the router's Netty threads (the test's clients and backend are plain blocking threads). */
  static long routerCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains("EventLoopGroup")) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  static void awaitTrue(BooleanSupplier condition, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
  }

  // ---- the backend: HTTP/1.1 on plain sockets; a connection idle for 500 ms is closed (so none stays pooled)

  void acceptLoop() {
    while (!backend.isClosed()) {
      try {
        Socket s = backend.accept();
        backendSockets.add(s);
        Thread.ofPlatform().daemon().name("stress-backend-conn").start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  void serve(Socket s) {
    try (s) {
      s.setSoTimeout(500);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String path = head.split(" ", 3)[1];
        switch (path) {
          case "/big" -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BIG + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16384];
            for (int sent = 0; sent < BIG; sent += chunk.length) {
              out.write(chunk);
            }
          }
          case "/cut" -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[30000]);
            out.flush();
            s.setSoLinger(true, 0);
            return;
          }
          case "/small" -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII));
          default -> {
            // A body that never ends: read until the router closes or the connection idles out.
            while (in.read() >= 0) {
              // dropped
            }
            return;
          }
        }
        out.flush();
      }
    } catch (IOException e) {
      // timed out, reset or closed by the router
    } finally {
      backendSockets.remove(s);
    }
  }

  static String readHead(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
        return b.toString();
      }
    }
    return null;
  }
}
