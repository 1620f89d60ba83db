package io.jrack.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.jrack.rack.Provider;
import io.jrack.rack.ProviderException;
import io.jrack.store.DiskSpace;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rack API over HTTP, Convox's (docs/API.md): its routes, form-encoded parameters, the JSON of
 * {@link io.jrack.rack.wire} and its websockets, mapped onto a {@link Provider}. This class serves them
 * (listener, authentication, error answers); the routes are registered by resource ({@code *Routes}).
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final Provider provider;
  private final BasicAuth auth;
  private final Javalin app;
  private final List<String> routes = new ArrayList<>();
  private volatile java.util.function.Supplier<String> writeRefusal = () -> null;
  private final ObjectStore objects = new ObjectStore();
  private final LogSockets logSockets;
  private final ProcessSockets processSockets;

  /** The API's own certificate, for serving HTTPS. */
  public record Tls(java.security.PrivateKey key, java.security.cert.X509Certificate[] chain) {}

  private ApiServer(Provider provider, String password, String host, int port, Tls tls) {
    this.provider = provider;
    this.auth = new BasicAuth(password);
    this.logSockets = new LogSockets(provider);
    this.processSockets = new ProcessSockets(provider);
    this.app = Javalin.create(config -> {
      if (tls != null) {
        config.jetty.addConnector((server, http) -> HttpsConnector.create(server, http, host, port, tls));
      }
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(ServerJson.mapper(), false));
      config.http.maxRequestSize = 64L << 20;
      config.useVirtualThreads = true;
      ProxySocket proxy = new ProxySocket(provider, auth);
      config.jetty.modifyServletContextHandler(h -> h.addServlet(new org.eclipse.jetty.servlet.ServletHolder(proxy), "/proxy/*"));
    });
    routes.add("SOCKET " + ProxySocket.ROUTE);
    app.before(this::authenticate);
    app.before(this::refuseWritesWhenReadOnly);
    app.wsBeforeUpgrade(this::authenticate);
    app.exception(ProviderException.class, (e, ctx) -> error(ctx, e.kind().status, e.getMessage()));
    app.exception(BadInput.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      String diskFull = DiskSpace.describe(e);
      if (diskFull != null) {
        LOG.warn("{} {}: {}", ctx.method(), ctx.path(), diskFull);
        error(ctx, ProviderException.Kind.INSUFFICIENT_STORAGE.status, diskFull);
        return;
      }
      LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
      error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
    });
    app.error(404, ctx -> {
      if (ctx.result() == null) {
        error(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path());
      }
    });
    defineRoutes();
  }

  /**
   * Starts the API on {@code host:port} (port 0 picks a free one): HTTPS when {@code tls} is given,
   * else plain HTTP, which only a loopback host may use (the password must not cross a network in clear).
   */
  public static ApiServer start(Provider provider, String password, String host, int port, Tls tls) {
    try {
      if (tls == null && !InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException("the API serves " + host + " only over TLS (plain HTTP is for loopback addresses): serving the rack password in clear beyond this machine is refused");
      }
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("unknown API host: " + host);
    }
    ApiServer server = new ApiServer(provider, password, host, port, tls);
    if (tls != null) {
      server.app.start();
    } else {
      server.app.start(host, port);
    }
    return server;
  }

  public static ApiServer start(Provider provider, String password, String host, int port) {
    return start(provider, password, host, port, null);
  }

  public int port() {
    return app.port();
  }

  /** Every route as {@code METHOD path}, for tests that walk the table. */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  /** Convox's routes, one class per resource; the order is the order {@link #routes} lists them in. */
  private void defineRoutes() {
    new SystemRoutes(this, provider).define();
    new AppRoutes(this, provider).define();
    new BuildRoutes(this, provider, objects).define();
    new ReleaseRoutes(this, provider).define();
    new ProcessRoutes(this, provider, processSockets).define();
    new LogRoutes(this, provider, logSockets).define();
    new ObjectRoutes(this, provider, objects).define();
    new CertificateRoutes(this, provider).define();
  }

  /** Convox's answer to a request with nothing to return (stdapi RenderOK). */
  static void ok(Context ctx) {
    ctx.contentType("text/plain; charset=utf-8").result("ok\n");
  }

  private void authenticate(Context ctx) {
    if (!auth.accepts(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Basic realm=\"convox\"");
      throw new ProviderException(ProviderException.Kind.UNAUTHORIZED, "invalid authentication");
    }
  }

  /**
   * While {@code reason} says why (a full disk), every request that would write is refused with
   * 507 and that reason; reads and deletes (which free space) go on.
   */
  public void refuseWritesWhile(java.util.function.Supplier<String> reason) {
    writeRefusal = reason;
  }

  private void refuseWritesWhenReadOnly(Context ctx) {
    String method = ctx.method().name();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE") || method.equals("OPTIONS")) {
      return;
    }
    String why = writeRefusal.get();
    if (why != null) {
      throw new ProviderException(ProviderException.Kind.INSUFFICIENT_STORAGE, why);
    }
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", message == null ? "error" : message));
  }

  void get(String path, io.javalin.http.Handler h) {
    routes.add("GET " + path);
    app.get(path, h);
  }

  void post(String path, io.javalin.http.Handler h) {
    routes.add("POST " + path);
    app.post(path, h);
  }

  void put(String path, io.javalin.http.Handler h) {
    routes.add("PUT " + path);
    app.put(path, h);
  }

  void delete(String path, io.javalin.http.Handler h) {
    routes.add("DELETE " + path);
    app.delete(path, h);
  }

  void head(String path, io.javalin.http.Handler h) {
    routes.add("HEAD " + path);
    app.head(path, h);
  }

  /** A Convox {@code SOCKET} route: a websocket, authenticated before the upgrade. */
  void socket(String path, java.util.function.Consumer<io.javalin.websocket.WsConfig> ws) {
    routes.add("SOCKET " + path);
    app.ws(path, ws);
  }

  @Override
  public void close() {
    app.stop();
    objects.close();
  }

  /** A malformed request body or parameter: answered 400 with the message. */
  static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }
}
