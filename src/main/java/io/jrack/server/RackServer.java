package io.jrack.server;

import io.jrack.api.ApiServer;
import io.jrack.rack.embedded.EmbeddedProvider;
import io.jrack.rack.embedded.LogHub;
import io.jrack.rack.embedded.RackConfig;
import io.jrack.router.Router;
import io.jrack.router.RouterConfig;
import io.jrack.runtime.process.ProcessRuntime;
import io.jrack.store.SqliteStore;
import io.jrack.store.Store;
import io.jrack.tls.CertificateAuthority;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running embedded rack. Start one with {@link #builder()}; {@link #close()} stops everything it started. */
public final class RackServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RackServer.class);

  private final RackServerBuilder options;
  private final List<AutoCloseable> started = new ArrayList<>();
  private Store store;
  private Router router;
  private EmbeddedProvider provider;
  private ApiServer api;
  private CertificateAuthority ca;
  private String password;

  RackServer(RackServerBuilder options) {
    this.options = options;
  }

  public static RackServerBuilder builder() {
    return new RackServerBuilder();
  }

  void start() throws IOException, InterruptedException {
    try {
      Path dir = options.dir;
      PrivateDir.create(dir);
      password = Password.resolve(dir, options.password);
      store = SqliteStore.open(dir);
      started.add(store);
      ca = CertificateAuthority.loadOrCreate(dir, options.name);
      String routerHost = routerHost();
      CertificateAuthority.Issued cert = ca.issue(List.of("*." + routerHost, routerHost, "localhost"));
      SslContext tls = SslContextBuilder.forServer(cert.key(), cert.certificate(), cert.issuer()).build();
      router = Router.start(RouterConfig.of(options.routerBind, options.httpPort, options.httpsPort, tls));
      started.add(router);
      Clock clock = Clock.systemUTC();
      boolean kubernetes = "kubernetes".equals(options.runtime);
      // The provider needs the public ports for `convox services` (on a cluster, the ingress's); the process runtime needs the router.
      RackConfig config = new RackConfig(options.name, dir, options.version, kubernetes ? 80 : Math.max(0, router.httpPort()),
          kubernetes ? 443 : Math.max(0, router.httpsPort()), options.endpointPortFirst, options.endpointPortLast);
      // The logs first: the runtime writes to them and the provider reads them. Closed after both.
      LogHub logs = new LogHub(dir.resolve("logs"), clock);
      started.add(logs);
      io.jrack.runtime.AppRuntime runtime = kubernetes
          ? new io.jrack.runtime.kubernetes.KubernetesRuntime(Kubeconfig.client(options), options.name, () -> provider.paramsGet(), logs, options.kubernetesTiming)
          : "containers".equals(options.runtime) ? containers(dir, clock, logs) : new ProcessRuntime(dir, router, logs, clock);
      provider = new EmbeddedProvider(config, store, runtime, logs, clock);
      started.add(provider);
      provider.onParams(params -> router.limits(RouterLimitsParams.from(params)));
      api = ApiServer.start(provider, password, options.apiHost, options.apiPort, apiTls());
      started.add(api);
      restore();
      if (options.prepareResources && runtime instanceof ProcessRuntime processes) {
        processes.prepareResources();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private io.jrack.runtime.AppRuntime containers(Path dir, Clock clock, LogHub logs) throws IOException {
    try {
      return io.jrack.runtime.container.ContainerRuntime.open(dir, options.name, router, logs, clock);
    } catch (io.jrack.runtime.RuntimeFailure e) {
      throw new IOException(e.getMessage());
    }
  }

  private String routerHost() {
    return store.params().getOrDefault("RouterHost", options.name + ".localhost");
  }

  /** Resolves half-done deploys and runs every app's active release again after a (re)start. */
  private void restore() {
    provider.recover().forEach(line -> LOG.info("{}", line));
  }

  /** TLS for the API when it is asked for or when it listens beyond loopback. */
  private ApiServer.Tls apiTls() throws IOException {
    boolean loopback = java.net.InetAddress.getByName(options.apiHost).isLoopbackAddress();
    if (loopback && !options.apiTls) {
      return null;
    }
    CertificateAuthority.Issued c = ca.issue("api", List.of(options.apiHost, "localhost", "127.0.0.1"));
    return new ApiServer.Tls(c.key(), new java.security.cert.X509Certificate[] {c.certificate(), c.issuer()});
  }

  public String apiUrl() {
    boolean tls = options.apiTls || !isLoopback(options.apiHost);
    return (tls ? "https://" : "http://") + (options.apiHost.contains(":") ? "[" + options.apiHost + "]" : options.apiHost) + ":" + api.port();
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public String password() {
    return password;
  }

  public EmbeddedProvider provider() {
    return provider;
  }

  public Router router() {
    return router;
  }

  public ApiServer api() {
    return api;
  }

  public CertificateAuthority certificateAuthority() {
    return ca;
  }

  public String name() {
    return options.name;
  }

  public Path dir() {
    return options.dir;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("while stopping: {}", e.toString());
      }
    }
    started.clear();
  }
}
