import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.TreeMap;

/**
 * A test service that uses its resources the way an app would, through the injected URLs:
 * /put?v=X inserts a row and /rows lists them (DATABASE_URL, PostgreSQL or MySQL over JDBC);
 * /redis?set=X and /redis (REDIS_URL); /env prints its environment.
 * Run as `java -cp <jdbc driver jar> Db.java`.
 */
public class Db {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      try {
        if (path.equals("/env")) {
          StringBuilder out = new StringBuilder();
          new TreeMap<>(System.getenv()).forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
          respond(exchange, 200, out.toString());
        } else if (path.equals("/redis")) {
          respond(exchange, 200, redis(query != null && query.startsWith("set=") ? query.substring(4) : null));
        } else if (path.equals("/health")) {
          respond(exchange, 200, "ok\n");
        } else {
          respond(exchange, 200, rows(path.equals("/put") && query != null && query.startsWith("v=") ? query.substring(2) : null));
        }
      } catch (Exception e) {
        respond(exchange, 500, "error: " + e + "\n");
      }
    });
    server.start();
    System.out.println("db app listening on " + port);
  }

  static String rows(String add) throws Exception {
    try (Connection c = connect()) {
      c.createStatement().execute("CREATE TABLE IF NOT EXISTS notes (n integer, body varchar(200))");
      if (add != null) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (n, body) SELECT count(*) + 1, ? FROM notes")) {
          ps.setString(1, add);
          ps.executeUpdate();
        }
      }
      StringBuilder rows = new StringBuilder();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT body FROM notes ORDER BY n")) {
        while (rs.next()) {
          rows.append(rs.getString(1)).append('\n');
        }
      }
      return rows.toString();
    }
  }

  /** postgres://user:pass@host:port/db (or mysql://) as JDBC wants it: the credentials as properties. */
  static Connection connect() throws Exception {
    URI u = new URI(System.getenv("DATABASE_URL"));
    String[] userInfo = u.getUserInfo().split(":", 2);
    String driver = u.getScheme().equals("postgres") ? "postgresql" : "mariadb";
    return DriverManager.getConnection("jdbc:" + driver + "://" + u.getHost() + ":" + u.getPort() + u.getPath(), userInfo[0], userInfo[1]);
  }

  /** SET or GET one key over RESP, after AUTH with REDIS_URL's user and password. */
  static String redis(String set) throws IOException {
    URI u = URI.create(System.getenv("REDIS_URL"));
    String[] userInfo = u.getUserInfo().split(":", 2);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      String auth = command(out, in, "AUTH", userInfo[0], userInfo[1]);
      if (!auth.startsWith("+OK")) {
        return "auth failed: " + auth;
      }
      return set != null ? command(out, in, "SET", "k", set) : command(out, in, "GET", "k");
    }
  }

  static String command(OutputStream out, InputStream in, String... args) throws IOException {
    StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
    for (String a : args) {
      b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    byte[] buf = new byte[512];
    int n = in.read(buf);
    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
