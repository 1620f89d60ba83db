package io.jrack.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Provider;
import io.jrack.rack.ProviderException;
import io.jrack.rack.wire.WireApp;
import io.jrack.rack.wire.WireBuild;
import io.jrack.rack.wire.WireProcess;
import io.jrack.rack.wire.WireRelease;
import io.jrack.rack.wire.WireResource;
import io.jrack.rack.wire.WireService;
import io.jrack.rack.wire.WireSystem;
import io.jrack.store.DiskSpace;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rack API over HTTP, Convox's (docs/API.md): its routes, form-encoded parameters, the JSON of
 * {@link io.jrack.rack.wire} and its websockets, mapped onto a {@link Provider}.
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
        config.jetty.addConnector((server, http) -> httpsConnector(server, http, host, port, tls));
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
    get("/system", ctx -> ctx.json(WireSystem.of(provider.systemGet())));
    put("/system", ctx -> {
      provider.paramsSet(Forms.map(Forms.required(ctx, "parameters")));
      ok(ctx);
    });
    socket("/system/logs", SocketStream.of((ctx, out) -> logSockets.systemLogs(ctx, out)));
    get("/system/processes", ctx -> ctx.json(provider.systemProcesses().stream().map(WireProcess::of).toList()));
    get("/system/releases", ctx -> ctx.json(provider.systemReleases().stream().map(WireRelease::of).toList()));
    get("/instances", ctx -> ctx.json(provider.instanceList().stream().map(i -> io.jrack.rack.wire.WireInstance.of(i).fields()).toList()));
    get("/system/ca", ctx -> ctx.contentType("application/x-pem-file").result(provider.systemCertificate()));
    get("/apps", ctx -> ctx.json(provider.appList().stream().map(WireApp::of).toList()));
    post("/apps", ctx -> ctx.json(WireApp.of(provider.appCreate(Forms.required(ctx, "name")))));
    get("/apps/{name}", ctx -> ctx.json(WireApp.of(provider.appGet(ctx.pathParam("name")))));
    put("/apps/{name}", ctx -> {
      if (Forms.value(ctx, "lock") != null) {
        throw new BadInput("lock: \"" + Forms.value(ctx, "lock") + "\" (expected: none; apps cannot be locked on this rack)");
      }
      provider.appParamsSet(ctx.pathParam("name"), Forms.map(Forms.value(ctx, "parameters")));
      ok(ctx);
    });
    post("/apps/{name}/cancel", ctx -> {
      provider.appCancel(ctx.pathParam("name"));
      ok(ctx);
    });
    delete("/apps/{name}", ctx -> {
      provider.appDelete(ctx.pathParam("name"), "delete".equals(ctx.queryParam("resources")));
      ok(ctx);
    });
    post("/apps/{app}/builds", ctx -> {
      String app = ctx.pathParam("app");
      provider.appGet(app);
      String manifest = BuildRequest.check(ctx);
      java.nio.file.Path stored = objects.file(app, Forms.required(ctx, "url"), "url");
      java.nio.file.Path swapped = manifest == null ? null : objects.scratch();
      try {
        if (swapped != null) {
          ManifestSwap.swap(stored, manifest, swapped);
        }
        try (java.io.InputStream source = java.nio.file.Files.newInputStream(swapped != null ? swapped : stored)) {
          ctx.json(WireBuild.of(provider.buildCreate(app, source, Forms.value(ctx, "description"),
              java.nio.file.Files.size(swapped != null ? swapped : stored))));
        }
      } finally {
        if (swapped != null) {
          java.nio.file.Files.deleteIfExists(swapped);
        }
        objects.usedOnce(app, Forms.value(ctx, "url"));
      }
    });
    get("/apps/{app}/builds", ctx -> ctx.json(provider.buildList(ctx.pathParam("app"), buildListLimit(ctx)).stream().map(WireBuild::of).toList()));
    get("/apps/{app}/builds/{id}", ctx -> ctx.json(WireBuild.of(provider.buildGet(ctx.pathParam("app"), ctx.pathParam("id")))));
    socket("/apps/{app}/builds/{id}/logs", SocketStream.of((ctx, out) -> logSockets.buildLogs(ctx, out)));
    get("/apps/{app}/releases", ctx -> ctx.json(limit(ctx, provider.releaseList(ctx.pathParam("app"))).stream().map(WireRelease::of).toList()));
    post("/apps/{app}/releases", ctx -> ctx.json(WireRelease.of(ReleaseRequest.create(provider, ctx.pathParam("app"), ctx))));
    get("/apps/{app}/releases/{id}", ctx -> ctx.json(WireRelease.of(provider.releaseGet(ctx.pathParam("app"), ctx.pathParam("id")))));
    post("/apps/{app}/releases/{id}/promote", ctx -> {
      provider.releasePromote(ctx.pathParam("app"), ctx.pathParam("id"));
      ok(ctx);
    });
    get("/apps/{app}/services", ctx -> {
      Map<String, String> applied = provider.certificatesApplied(ctx.pathParam("app"));
      ctx.json(provider.serviceList(ctx.pathParam("app")).stream().map(s -> WireService.of(s, applied)).toList());
    });
    get("/apps/{app}/resources", ctx -> ctx.json(provider.resourceList(ctx.pathParam("app")).stream().map(WireResource::of).toList()));
    get("/apps/{app}/resources/{name}", ctx -> ctx.json(WireResource.of(provider.resourceGet(ctx.pathParam("app"), ctx.pathParam("name")))));
    get("/apps/{app}/processes", ctx -> ctx.json(ProcessQuery.filter(ctx, provider.processList(ctx.pathParam("app"))).stream().map(WireProcess::of).toList()));
    get("/apps/{app}/processes/{pid}", ctx -> ctx.json(WireProcess.of(provider.processGet(ctx.pathParam("app"), ctx.pathParam("pid")))));
    post("/apps/{app}/services/{service}/processes", ctx -> ctx.json(WireProcess.of(
        provider.processStart(ctx.pathParam("app"), ctx.pathParam("service"), Forms.value(ctx, "Command"), Forms.value(ctx, "Release")))));
    socket("/apps/{app}/processes/{pid}/exec", SocketStream.interactive((ctx, in, out) -> processSockets.exec(ctx, in, out)));
    put("/apps/{app}/services/{name}", ctx -> {
      provider.serviceUpdate(ctx.pathParam("app"), ctx.pathParam("name"), Forms.integer(ctx, "count"), Forms.integer(ctx, "cpu"), Forms.integer(ctx, "memory"));
      ok(ctx);
    });
    post("/apps/{app}/services/{name}/restart", ctx -> {
      provider.serviceRestart(ctx.pathParam("app"), ctx.pathParam("name"));
      ok(ctx);
    });
    delete("/apps/{app}/processes/{pid}", ctx -> {
      provider.processStop(ctx.pathParam("app"), ctx.pathParam("pid"));
      ok(ctx);
    });
    get("/apps/{name}/logs", ctx -> LogStream.serve(provider, ctx));
    socket("/apps/{name}/logs", SocketStream.of((ctx, out) -> logSockets.appLogs(ctx, out)));
    socket("/apps/{app}/services/{service}/logs", SocketStream.of((ctx, out) -> logSockets.serviceLogs(ctx, out)));
    socket("/apps/{app}/processes/{pid}/logs", SocketStream.of((ctx, out) -> logSockets.processLogs(ctx, out)));
    new ObjectRoutes(this, provider, objects).define();
    new CertificateRoutes(this, provider).define();
  }

  /** Convox's answer to a request with nothing to return (stdapi RenderOK). */
  private static void ok(Context ctx) {
    ctx.contentType("text/plain; charset=utf-8").result("ok\n");
  }

  /** The first {@code limit} of a newest-first list, when the query asks (structs.*ListOptions). */
  private static <T> List<T> limit(Context ctx, List<T> all) {
    String l = ctx.queryParam("limit");
    if (l == null || l.isBlank()) {
      return all;
    }
    try {
      int n = Integer.parseInt(l.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return all.subList(0, Math.min(n, all.size()));
    } catch (NumberFormatException e) {
      throw new BadInput("limit: \"" + l + "\" (expected: a whole number, 0 or more)");
    }
  }

  /** The {@code limit} of the builds list (Convox's {@code ?limit=N}), 1 to 1000; the rack's default when absent. */
  private static int buildListLimit(Context ctx) {
    String s = ctx.queryParam("limit");
    if (s == null || s.isBlank()) {
      return Provider.BUILD_LIST_LIMIT;
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
