import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The seed's api service: answers with who it is. Runs with `java Api.java`; needs only a JDK. */
public class Api {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
    String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
    server.createContext("/", exchange -> {
      String body = "{\"service\":\"api\",\"release\":\"" + System.getenv().getOrDefault("RELEASE", "") + "\",\"pid\":" + ProcessHandle.current().pid() + "}\n";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    System.out.println("api listening on " + host + ":" + port);
  }
}
