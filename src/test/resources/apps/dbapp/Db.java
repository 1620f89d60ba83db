import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * A test service that uses its database through DATABASE_URL with JDBC: /put?v=X inserts a row,
 * /rows lists them. Run as `java -cp postgresql.jar Db.java`.
 */
public class Db {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/", exchange -> {
      String out;
      int status = 200;
      try (Connection c = connect()) {
        c.createStatement().execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text)");
        String query = exchange.getRequestURI().getQuery();
        if (exchange.getRequestURI().getPath().equals("/put") && query != null && query.startsWith("v=")) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (body) VALUES (?)")) {
            ps.setString(1, query.substring(2));
            ps.executeUpdate();
          }
        }
        StringBuilder rows = new StringBuilder();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT body FROM notes ORDER BY id")) {
          while (rs.next()) {
            rows.append(rs.getString(1)).append('\n');
          }
        }
        out = rows.toString();
      } catch (Exception e) {
        status = 500;
        out = "error: " + e + "\n";
      }
      byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    System.out.println("db app listening on " + port);
  }

  /** postgres://user:pass@host:port/db as JDBC wants it: the credentials as properties. */
  static Connection connect() throws Exception {
    URI u = new URI(System.getenv("DATABASE_URL"));
    String[] userInfo = u.getUserInfo().split(":", 2);
    return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(), userInfo[0], userInfo[1]);
  }
}
