import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeMap;

/**
 * The seed's web service: `/` calls api through API_URL (injected by `links: [api]`) and shows the
 * answer; `/env` shows the environment it was given. Runs with `java Web.java`; needs only a JDK.
 */
public class Web {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
    String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
    server.createContext("/", exchange -> {
      String apiUrl = System.getenv("API_URL");
      String answer;
      int status = 200;
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(apiUrl + "/")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        answer = r.body().strip();
      } catch (Exception e) {
        answer = "could not reach api at " + apiUrl + ": " + e;
        status = 502;
      }
      respond(exchange, status, "web here. API_URL=" + apiUrl + "\napi says: " + answer + "\n");
    });
    server.createContext("/env", exchange -> {
      StringBuilder out = new StringBuilder();
      new TreeMap<>(System.getenv()).forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      respond(exchange, 200, out.toString());
    });
    server.start();
    System.out.println("web listening on " + host + ":" + port);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
