package io.jrack.runtime.process;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** One health check of a process, in the protocol its port speaks ({@link HealthProtocol}). */
public final class HealthProbe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();

  /** For {@code https:} ports: made on first use, most racks never need it. */
  private static final class Tls {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .followRedirects(HttpClient.Redirect.NEVER).sslContext(insecure()).build();

    /**
     * Accepts any certificate, for any name: a service's certificate is its own (usually
     * self-signed), and the check never leaves the machine. Netty's trust manager is an extended
     * one, so the JDK does not add its host name check either.
     */
    private static SSLContext insecure() {
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        return ctx;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot make the TLS context for https health checks: " + e.getMessage(), e);
      }
    }
  }

  private HealthProbe() {}

  /** An HTTP GET of {@code path}: null when healthy, else what went wrong, for the user. */
  public static String check(String host, int port, String path, Duration timeout) {
    return check(HealthProtocol.HTTP, host, port, path, timeout);
  }

  /** A check in {@code protocol} ({@code path} is used by HTTP and HTTPS only): null when healthy, else what went wrong. */
  public static String check(HealthProtocol protocol, String host, int port, String path, Duration timeout) {
    return switch (protocol) {
      case HTTP -> get(CLIENT, "http", host, port, path, timeout);
      case HTTPS -> get(Tls.CLIENT, "https", host, port, path, timeout);
      case GRPC_HEALTH -> GrpcHealthCheck.check(host, port, timeout);
      case TCP -> connect(host, port, timeout);
    };
  }

  private static String get(HttpClient client, String scheme, String host, int port, String path, Duration timeout) {
    String url = scheme + "://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path);
    try {
      HttpResponse<Void> r = client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("User-Agent", "jrack-health").GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() >= 200 && r.statusCode() < 400 ? null : "GET " + url + " answered " + r.statusCode();
    } catch (java.net.http.HttpTimeoutException e) {
      return "GET " + url + " timed out after " + timeout.toMillis() + " ms";
    } catch (ConnectException e) {
      return "GET " + url + ": connection refused";
    } catch (IOException e) {
      return "GET " + url + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (IllegalArgumentException e) {
      return "invalid health path: " + path;
    }
  }

  private static String connect(String host, int port, Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      return null;
    } catch (SocketTimeoutException e) {
      return "TCP connection to " + host + ":" + port + " timed out after " + timeout.toMillis() + " ms";
    } catch (ConnectException e) {
      return "TCP connection to " + host + ":" + port + ": connection refused";
    } catch (IOException e) {
      return "TCP connection to " + host + ":" + port + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
  }
}
