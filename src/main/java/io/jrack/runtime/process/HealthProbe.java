package io.jrack.runtime.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One HTTP health check: healthy on a 2xx or 3xx answer within the timeout. */
public final class HealthProbe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();

  private HealthProbe() {}

  /** Null when healthy, else what went wrong, for the user. */
  public static String check(String host, int port, String path, Duration timeout) {
    String url = "http://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path);
    try {
      HttpResponse<Void> r = CLIENT.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("User-Agent", "jrack-health").GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() >= 200 && r.statusCode() < 400 ? null : "GET " + url + " answered " + r.statusCode();
    } catch (java.net.http.HttpTimeoutException e) {
      return "GET " + url + " timed out after " + timeout.toMillis() + " ms";
    } catch (java.net.ConnectException e) {
      return "GET " + url + ": connection refused";
    } catch (java.io.IOException e) {
      return "GET " + url + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (IllegalArgumentException e) {
      return "invalid health path: " + path;
    }
  }
}
