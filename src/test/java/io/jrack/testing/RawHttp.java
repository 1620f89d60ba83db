package io.jrack.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP/1.1 over a plain socket, with any Host header (and, for TLS, any SNI name), so tests can
 * send what a browser for {@code nodedemo-web.dev.localhost} would send without DNS.
 */
public final class RawHttp {
  private RawHttp() {}

  /** A response: status code, and the whole text (head and body). */
  public record Response(int status, String text) {
    public String body() {
      int i = text.indexOf("\r\n\r\n");
      return i < 0 ? "" : text.substring(i + 4);
    }
  }

  public static Response get(int port, String host, String path) throws IOException {
    return send(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  public static Response send(int port, String request) throws IOException {
    return send(port, request, false);
  }

  /** Sends raw bytes; with {@code untilClose}, reads every response until the server closes (pipelining). */
  public static Response send(int port, String request, boolean untilClose) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
      s.setSoTimeout(10_000);
      return exchange(s, request, untilClose);
    }
  }

  /** A GET over TLS to 127.0.0.1:port, with SNI and hostname verification for {@code host}, trusting only {@code ca}. */
  public static Response getTls(int port, String host, String path, X509Certificate ca) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("rack-ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", port), 3000);
      plain.setSoTimeout(10_000);
      try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true)) {
        SSLParameters p = tls.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(host)));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(p);
        tls.startHandshake();
        return exchange(tls, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", false);
      }
    }
  }

  /** True once a response with a Content-Length has all of its body (keep-alive answers never close). */
  private static boolean complete(String text) {
    int head = text.indexOf("\r\n\r\n");
    if (head < 0 || !text.startsWith("HTTP/1.")) {
      return false;
    }
    for (String line : text.substring(0, head).split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        return text.length() - head - 4 >= Integer.parseInt(line.substring(15).strip());
      }
    }
    return text.startsWith("HTTP/1.1 101") || text.startsWith("HTTP/1.1 1");
  }

  private static Response exchange(Socket s, String request, boolean untilClose) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = s.getInputStream();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    try {
      while ((n = in.read(chunk)) > 0) {
        buf.write(chunk, 0, n);
        if (!untilClose && complete(buf.toString(StandardCharsets.ISO_8859_1))) {
          break;
        }
      }
    } catch (java.net.SocketException e) {
      // A reset after the answer still leaves the answer.
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    int status = 0;
    if (text.startsWith("HTTP/1.")) {
      status = Integer.parseInt(text.substring(9, 12));
    }
    return new Response(status, text);
  }
}
