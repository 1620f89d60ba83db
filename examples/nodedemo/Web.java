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
 * answer, and counts the visit in its database; `/env` shows the environment it was given, with
 * secrets masked (the page is public). Runs with `java Web.java`; needs only a JDK.
 */
public class Web {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
    String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
    server.createContext("/", exchange -> {
      boolean healthCheck = "jrack-health".equals(exchange.getRequestHeaders().getFirst("User-Agent"));
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
      respond(exchange, status, "web here. API_URL=" + apiUrl + "\napi says: " + answer + "\ndatabase says: " + (healthCheck ? "(not asked by health checks)" : database()) + "\n");
    });
    server.createContext("/env", exchange -> {
      StringBuilder out = new StringBuilder();
      new TreeMap<>(System.getenv()).forEach((k, v) -> out.append(k).append('=').append(masked(k, v)).append('\n'));
      respond(exchange, 200, out.toString());
    });
    server.start();
    System.out.println("web listening on " + host + ":" + port);
  }

  private static final java.util.regex.Pattern SECRET_NAME =
      java.util.regex.Pattern.compile("(?i).*(PASS|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH).*");

  /**
   * What `/env` shows of a variable: a password in a URL (`postgres://app:****@127.0.0.1:5432/app`)
   * and the value of any name that sounds secret (`DATABASE_PASS=****`) are masked, so resource and
   * link names and addresses show and their credentials do not.
   */
  static String masked(String name, String value) {
    if (SECRET_NAME.matcher(name).matches()) {
      return "****";
    }
    return value.replaceAll("(://[^/@:\\s]*:)[^/@\\s]*@", "$1****@");
  }

  /**
   * Counts this visit in the `database` resource (DATABASE_URL, injected by `resources: [database]`)
   * with psql, which comes with PostgreSQL, so that the example still needs nothing but a JDK.
   */
  static String database() {
    String url = System.getenv("DATABASE_URL");
    if (url == null) {
      return "no DATABASE_URL (add `resources: [database]` to web)";
    }
    String psql = psql();
    if (psql == null) {
      return "psql not found; DATABASE_URL is set";
    }
    try {
      Process p = new ProcessBuilder(psql, url, "-qAtc",
          "SET client_min_messages = warning; CREATE TABLE IF NOT EXISTS visits (at timestamptz DEFAULT now()); INSERT INTO visits DEFAULT VALUES;"
              + " SELECT count(*) || ' visits so far, PostgreSQL ' || current_setting('server_version') FROM visits")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? out : "query failed: " + out;
    } catch (Exception e) {
      return "query failed: " + e;
    }
  }

  private static String psql() {
    java.util.List<java.nio.file.Path> dirs = new java.util.ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      dirs.add(java.nio.file.Path.of(d.isEmpty() ? "." : d));
    }
    try (var versions = java.nio.file.Files.list(java.nio.file.Path.of("/usr/lib/postgresql"))) {
      versions.sorted(java.util.Comparator.reverseOrder()).forEach(v -> dirs.add(v.resolve("bin")));
    } catch (java.io.IOException e) {
      // no Debian-style PostgreSQL
    }
    return dirs.stream().map(d -> d.resolve("psql")).filter(java.nio.file.Files::isExecutable).map(Object::toString).findFirst().orElse(null);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
