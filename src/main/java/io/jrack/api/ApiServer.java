package io.jrack.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.jrack.rack.Provider;
import io.jrack.rack.ProviderException;
import io.jrack.store.DiskSpace;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rack API over HTTP: every route of docs/API.md, mapped onto a {@link Provider}. */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private final Provider provider;
  private final BasicAuth auth;
  private final Javalin app;
  private final List<String> routes = new ArrayList<>();
  private volatile java.util.function.Supplier<String> writeRefusal = () -> null;

  /** The API's own certificate, for serving HTTPS. */
  public record Tls(java.security.PrivateKey key, java.security.cert.X509Certificate[] chain) {}

  private ApiServer(Provider provider, String password, String host, int port, Tls tls) {
    this.provider = provider;
    this.auth = new BasicAuth(password);
    this.app = Javalin.create(config -> {
      if (tls != null) {
        config.jetty.addConnector((server, http) -> httpsConnector(server, http, host, port, tls));
      }
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(ServerJson.mapper(), false));
      config.http.maxRequestSize = 64L << 20;
      config.useVirtualThreads = true;
    });
    app.before(this::authenticate);
    app.before(this::refuseWritesWhenReadOnly);
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

  private static org.eclipse.jetty.server.Connector httpsConnector(org.eclipse.jetty.server.Server server,
      org.eclipse.jetty.server.HttpConfiguration http, String host, int port, Tls tls) {
    try {
      char[] secret = java.util.UUID.randomUUID().toString().toCharArray();
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("api", tls.key(), secret, tls.chain());
      org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
      ssl.setKeyStore(store);
      ssl.setKeyStorePassword(new String(secret));
      http.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
      org.eclipse.jetty.server.ServerConnector c = new org.eclipse.jetty.server.ServerConnector(server,
          new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"), new org.eclipse.jetty.server.HttpConnectionFactory(http));
      c.setHost(host);
      c.setPort(port);
      return c;
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("could not set up the API's TLS: " + e.getMessage(), e);
    }
  }

  public int port() {
    return app.port();
  }

  /** Every route as {@code METHOD path}, for tests that walk the table. */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  private void defineRoutes() {
    get("/auth", ctx -> ctx.json(Map.of()));
    get("/system", ctx -> ctx.json(provider.systemGet()));
    get("/system/params", ctx -> ctx.json(provider.paramsGet()));
    put("/system/params", ctx -> {
      provider.paramsSet(body(ctx, STRING_MAP));
      ctx.json(provider.paramsGet());
    });
    get("/system/ca", ctx -> ctx.contentType("application/x-pem-file").result(provider.systemCertificate()));
    get("/apps", ctx -> ctx.json(provider.appList()));
    post("/apps", ctx -> ctx.json(provider.appCreate(text(body(ctx, JsonNode.class), "name"))));
    get("/apps/{app}", ctx -> ctx.json(provider.appGet(ctx.pathParam("app"))));
    delete("/apps/{app}", ctx -> {
      provider.appDelete(ctx.pathParam("app"), "delete".equals(ctx.queryParam("resources")));
      ctx.json(Map.of());
    });
    post("/apps/{app}/builds", ctx -> ctx.json(provider.buildCreate(ctx.pathParam("app"), new LazyBody(ctx),
        ctx.queryParam("description"), ctx.req().getContentLengthLong())));
    get("/apps/{app}/builds", ctx -> ctx.json(provider.buildList(ctx.pathParam("app"), limit(ctx, Provider.BUILD_LIST_LIMIT))));
    get("/apps/{app}/builds/{id}", ctx -> ctx.json(provider.buildGet(ctx.pathParam("app"), ctx.pathParam("id"))));
    get("/apps/{app}/releases", ctx -> ctx.json(provider.releaseList(ctx.pathParam("app"))));
    post("/apps/{app}/releases", ctx -> {
      JsonNode body = body(ctx, JsonNode.class);
      Map<String, String> env = body.has("env") ? ServerJson.mapper().convertValue(body.get("env"), STRING_MAP) : Map.of();
      ctx.json(provider.releaseCreate(ctx.pathParam("app"), text(body, "build"), env));
    });
    get("/apps/{app}/releases/{id}", ctx -> ctx.json(provider.releaseGet(ctx.pathParam("app"), ctx.pathParam("id"))));
    post("/apps/{app}/releases/{id}/promote", ctx -> ctx.json(provider.releasePromote(ctx.pathParam("app"), ctx.pathParam("id"))));
    get("/apps/{app}/services", ctx -> ctx.json(provider.serviceList(ctx.pathParam("app"))));
    get("/apps/{app}/resources", ctx -> ctx.json(provider.resourceList(ctx.pathParam("app"))));
    get("/apps/{app}/resources/{name}", ctx -> ctx.json(provider.resourceGet(ctx.pathParam("app"), ctx.pathParam("name"))));
    get("/apps/{app}/processes", ctx -> ctx.json(provider.processList(ctx.pathParam("app"))));
    delete("/apps/{app}/processes/{id}", ctx -> {
      provider.processStop(ctx.pathParam("app"), ctx.pathParam("id"));
      ctx.json(Map.of());
    });
    get("/apps/{app}/environment", ctx -> ctx.json(provider.envGet(ctx.pathParam("app"))));
    post("/apps/{app}/environment", ctx -> {
      JsonNode body = body(ctx, JsonNode.class);
      Map<String, String> env = body.has("env") ? ServerJson.mapper().convertValue(body.get("env"), STRING_MAP) : Map.of();
      ctx.json(provider.envSet(ctx.pathParam("app"), env, body.path("replace").asBoolean(false)));
    });
    post("/apps/{app}/environment/unset", ctx -> {
      JsonNode body = body(ctx, JsonNode.class);
      List<String> keys = body.has("keys") ? ServerJson.mapper().convertValue(body.get("keys"), new TypeReference<List<String>>() {}) : List.of();
      ctx.json(provider.envUnset(ctx.pathParam("app"), keys));
    });
    get("/apps/{app}/logs", ctx -> LogStream.serve(provider, ctx));
  }

  /** The {@code limit} query parameter of a listing (Convox's {@code ?limit=N}), 1 to 1000. */
  private static int limit(Context ctx, int otherwise) {
    String s = ctx.queryParam("limit");
    if (s == null || s.isBlank()) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(s.strip());
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Answered below with the rule.
    }
    throw new BadInput("limit: \"" + s + "\" (expected: a number 1-1000)");
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

  private static <T> T body(Context ctx, Class<T> type) {
    return body(ctx, ServerJson.mapper().constructType(type));
  }

  private static <T> T body(Context ctx, TypeReference<T> type) {
    return body(ctx, ServerJson.mapper().getTypeFactory().constructType(type));
  }

  private static <T> T body(Context ctx, com.fasterxml.jackson.databind.JavaType type) {
    try {
      T value = ServerJson.mapper().readValue(ctx.bodyAsBytes(), type);
      if (value == null) {
        throw new BadInput("empty body (expected: JSON)");
      }
      return value;
    } catch (IOException e) {
      throw new BadInput("invalid JSON body: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new BadInput("missing \"" + field + "\" (expected: a string)");
    }
    return v.asText();
  }

  private void get(String path, io.javalin.http.Handler h) {
    routes.add("GET " + path);
    app.get(path, h);
  }

  private void post(String path, io.javalin.http.Handler h) {
    routes.add("POST " + path);
    app.post(path, h);
  }

  private void put(String path, io.javalin.http.Handler h) {
    routes.add("PUT " + path);
    app.put(path, h);
  }

  private void delete(String path, io.javalin.http.Handler h) {
    routes.add("DELETE " + path);
    app.delete(path, h);
  }

  @Override
  public void close() {
    app.stop();
  }

  /**
   * The request body, opened at the first read: Jetty answers {@code Expect: 100-continue} as soon
   * as the body is opened, and an upload refused on its declared size must be refused before that.
   */
  private static final class LazyBody extends InputStream {
    private final Context ctx;
    private InputStream body;

    LazyBody(Context ctx) {
      this.ctx = ctx;
    }

    private InputStream body() {
      if (body == null) {
        body = ctx.bodyInputStream();
      }
      return body;
    }

    @Override
    public int read() throws IOException {
      return body().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return body().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (body != null) {
        body.close();
      }
    }
  }

  /** A malformed request body or parameter: answered 400 with the message. */
  static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }
}
