package io.jrack.sdk;

import io.jrack.rack.ProviderException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The SDK's HTTP: {@link HttpURLConnection}, because it starts in a few milliseconds where
 * java.net.http's client spends a third of a second setting up TLS and threads, and every CLI
 * command pays that start-up.
 */
final class Http {
  private static final int CONNECT_TIMEOUT_MS = 5000;
  private final URI base;
  private final String authorization;
  private final javax.net.ssl.SSLContext tls;

  /** A finished exchange: the status and the whole body. */
  record Response(int status, String body) {}

  /** {@code caPem}: the rack CA to trust for an https rack (null: the system's trust store). */
  Http(URI base, String authorization, String caPem) {
    this.base = base;
    this.authorization = authorization;
    // Only an https rack needs the CA: setting up TLS costs about a fifth of a CLI command's start-up,
    // and a local rack's record carries its CA even when its API is plain http on loopback.
    this.tls = caPem == null || !"https".equalsIgnoreCase(base.getScheme()) ? null : trusting(caPem);
  }

  private static javax.net.ssl.SSLContext trusting(String caPem) {
    try {
      java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
      java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (java.security.cert.Certificate c : cf.generateCertificates(new java.io.ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
        trust.setCertificateEntry("rack-ca-" + i++, c);
      }
      javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new ProviderException(ProviderException.Kind.BAD_REQUEST, "unreadable rack CA certificate: " + e.getMessage());
    }
  }

  Response exchange(String method, String path, String contentType, byte[] body) {
    return exchange(method, path, java.util.Map.of(), contentType, body);
  }

  /** With request headers, where Convox sends options as headers (structs.ProcessRunOptions). */
  Response exchange(String method, String path, java.util.Map<String, String> headers, String contentType, byte[] body) {
    HttpURLConnection c = open(method, path);
    headers.forEach(c::setRequestProperty);
    try {
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", contentType);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
      return finish(c);
    } catch (IOException e) {
      throw failure(e);
    } finally {
      c.disconnect();
    }
  }

  /** Uploads {@code body} chunked, without holding it in memory. */
  Response upload(String path, String contentType, InputStream body) {
    HttpURLConnection c = open("POST", path);
    try {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", contentType);
      c.setChunkedStreamingMode(64 * 1024);
      try (OutputStream out = c.getOutputStream()) {
        body.transferTo(out);
      }
      return finish(c);
    } catch (IOException e) {
      throw failure(e);
    } finally {
      c.disconnect();
    }
  }

  /** GETs a streamed text body, handing each line to {@code sink} as it arrives. */
  void lines(String path, Consumer<String> sink) {
    HttpURLConnection c = open("GET", path);
    c.setReadTimeout(0);
    try {
      int status = c.getResponseCode();
      if (status >= 400) {
        throw RackClient.error(status, read(c.getErrorStream()));
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isEmpty()) { // An empty line is the rack's heartbeat on a quiet stream, not a log line.
            sink.accept(line);
          }
        }
      }
    } catch (IOException e) {
      throw failure(e);
    } finally {
      c.disconnect();
    }
  }

  /**
   * A Convox {@code SOCKET} route: each line of the text it sends goes to {@code sink}, until the
   * server's end of stream (an empty binary message) or close. An {@code ERROR: } line is the
   * server's failure, thrown. java.net.http here: only the log commands pay for its start-up.
   */
  void socket(String path, java.util.Map<String, String> headers, Consumer<String> sink) {
    SocketLines lines = new SocketLines(sink);
    socket(path, headers, lines, ws -> {}, lines::awaitEnd);
  }

  /** What a socket's caller does once it is open: send input, then wait for the end. */
  interface SocketSession {
    void awaitEnd() throws InterruptedException;
  }

  /** A Convox socket with {@code listener} reading it; {@code opened} gets the socket to write to. */
  void socket(String path, java.util.Map<String, String> headers, java.net.http.WebSocket.Listener listener,
      Consumer<java.net.http.WebSocket> opened, SocketSession session) {
    socket(path, headers, null, listener, opened, session);
  }

  /** As above, offering the websocket subprotocol {@code subprotocol} (null: none). */
  void socket(String path, java.util.Map<String, String> headers, String subprotocol, java.net.http.WebSocket.Listener listener,
      Consumer<java.net.http.WebSocket> opened, SocketSession session) {
    java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofMillis(CONNECT_TIMEOUT_MS));
    if (tls != null) {
      b.sslContext(tls);
    }
    URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + path);
    try (java.net.http.HttpClient client = b.build()) {
      java.net.http.WebSocket.Builder ws = client.newWebSocketBuilder().header("Authorization", authorization)
          .header("Version", io.jrack.rack.wire.ConvoxVersion.PROTOCOL);
      headers.forEach(ws::header);
      if (subprotocol != null) {
        ws.subprotocols(subprotocol);
      }
      java.net.http.WebSocket socket;
      try {
        socket = ws.buildAsync(uri, listener).join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
          Object body = h.getResponse().body();
          throw RackClient.error(h.getResponse().statusCode(), body == null ? "" : body.toString());
        }
        throw failure(e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()), e.getCause()));
      }
      try {
        opened.accept(socket);
        session.awaitEnd();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        socket.abort();
      }
    }
  }

  private HttpURLConnection open(String method, String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
      if (tls != null && c instanceof javax.net.ssl.HttpsURLConnection https) {
        https.setSSLSocketFactory(tls.getSocketFactory());
      }
      c.setRequestMethod(method);
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setReadTimeout(10 * 60 * 1000);
      c.setUseCaches(false);
      c.setInstanceFollowRedirects(false);
      c.setRequestProperty("Authorization", authorization);
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty("Version", io.jrack.rack.wire.ConvoxVersion.PROTOCOL);
      return c;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private static Response finish(HttpURLConnection c) throws IOException {
    int status = c.getResponseCode();
    return new Response(status, read(status >= 400 ? c.getErrorStream() : c.getInputStream()));
  }

  private static String read(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private ProviderException failure(IOException e) {
    if (e instanceof ConnectException) {
      return new ProviderException(ProviderException.Kind.UNAVAILABLE, "could not connect to the rack at " + base + " (is `convox rack start` running?)");
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return new ProviderException(ProviderException.Kind.UNAVAILABLE, "TLS with the rack at " + base + " failed: " + e.getMessage()
          + " (set RACK_CA to the rack's CA certificate: convox rack ca > ca.pem on the rack's machine)");
    }
    return new ProviderException(ProviderException.Kind.UNAVAILABLE, "lost the connection to the rack at " + base + ": " + e.getMessage());
  }
}
