import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/** A service for the discovery cases: GET / says who it is, GET /env prints its environment. */
public class Env {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
    String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/", exchange -> {
      StringBuilder out = new StringBuilder();
      if (exchange.getRequestURI().getPath().equals("/env")) {
        new TreeMap<>(System.getenv()).forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      } else {
        out.append("app=").append(System.getenv("APP")).append(" service=").append(System.getenv("SERVICE")).append('\n');
      }
      byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }
}
