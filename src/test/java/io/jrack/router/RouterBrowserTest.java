package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrack.runtime.Routing;
import io.jrack.testing.RequiredServer;
import io.jrack.tls.CertificateAuthority;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser through the HTTPS listener: Debian's headless Chromium (installed by bin/test-servers)
 * loads a page and its script from a real backend through the router, and the page reports, from the
 * browser's own Navigation and Resource Timing, the protocol each was fetched with.
 */
class RouterBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  Router router;
  HttpServer backend;
  CertificateAuthority.Issued cert;
  final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    RequiredServer.assume(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed (Debian package chromium)");
    cert = TestCerts.issue();
    router = Router.start(RouterConfig.of("127.0.0.1", 0, 0, RouterTls.server(cert.key(), cert.certificate(), cert.issuer())));
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    backend.createContext("/", ex -> {
      seen.add(ex.getRequestURI() + " " + ex.getProtocol() + " " + ex.getRequestHeaders().getFirst("X-Forwarded-Proto"));
      switch (ex.getRequestURI().getPath()) {
        case "/" -> send(ex, "text/html; charset=utf-8", "<!doctype html><html><body><p id=\"page\">"
            + ex.getRequestHeaders().getFirst("X-Forwarded-Proto") + "</p><script src=\"/app.js\"></script></body></html>");
        // A parser-blocking script: it has run, and its own timing entry is complete, before the DOM is dumped.
        case "/app.js" -> send(ex, "text/javascript", """
            const nav = performance.getEntriesByType('navigation')[0];
            const self = performance.getEntriesByName(location.origin + '/app.js')[0];
            document.write('<p id="protocols">page=' + nav.nextHopProtocol + ' script=' + self.nextHopProtocol + '</p>');
            """);
        default -> send(ex, "text/plain", "");
      }
    });
    backend.start();
    router.publish("app", List.of(new Routing.Route("web", List.of("localhost"), false, null)));
    router.backends("app", "web", List.of(backend.getAddress()));
  }

  static void send(HttpExchange ex, String type, String body) throws IOException {
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(200, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  @AfterEach
  void stop() {
    if (router != null) {
      router.close();
      backend.stop(0);
    }
  }

  @Test
  void headlessChromiumLoadsAPageOverH2(@TempDir Path dir) throws Exception {
    String dom = dumpDom(dir, "https://localhost:" + router.httpsPort() + "/");
    assertThat(dom).as("the page, through the router's HTTPS listener").contains("<p id=\"page\">https</p>");
    assertThat(dom).as("Chromium's own record of the protocols").contains("<p id=\"protocols\">page=h2 script=h2</p>");
    assertThat(seen).as("the backend's requests, relayed as HTTP/1.1").contains("/ HTTP/1.1 https", "/app.js HTTP/1.1 https");
    assertThat(router.unexpectedErrors()).isZero();
  }

  /** Chromium's DOM of {@code url} after load; the router's certificate trusted by its key's hash only (no CA installed). */
  String dumpDom(Path dir, String url) throws Exception {
    String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.certificate().getPublicKey().getEncoded()));
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")), "--ignore-certificate-errors-spki-list=" + spki,
        "--dump-dom", url)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium exited within 60 s").isTrue();
      assertThat(p.exitValue()).as("chromium's exit code; stderr:\n" + Files.readString(err)).isZero();
      return Files.readString(out);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
