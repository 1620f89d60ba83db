package io.jrack.server;

import io.jrack.api.ApiServer;
import io.jrack.rack.embedded.EmbeddedProvider;
import io.jrack.rack.embedded.LogHub;
import io.jrack.rack.embedded.RackConfig;
import io.jrack.router.Router;
import io.jrack.router.RouterConfig;
import io.jrack.runtime.process.ProcessRuntime;
import io.jrack.store.DiskSpace;
import io.jrack.store.SqliteStore;
import io.jrack.store.Store;
import io.jrack.tls.CertificateAuthority;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running embedded rack. Start one with {@link #builder()}; {@link #close()} stops everything it started. */
public final class RackServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RackServer.class);
  private static final java.time.Duration DISK_CHECK_EVERY = java.time.Duration.ofSeconds(2);

  private final RackServerBuilder options;
  private final List<AutoCloseable> started = new ArrayList<>();
  private Store store;
  private Router router;
  private EmbeddedProvider provider;
  private ApiServer api;
  private CertificateAuthority ca;
  private DiskSpace disk;
  private String password;
  private String runtimeDescription;

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
      // Before anything else of the directory: a second rack on it must not touch the first's store, containers or fence.
      started.add(RackLock.take(dir));
      password = Password.resolve(dir, options.password);
      disk = new DiskSpace(dir, options.minFreeDisk);
      boolean full = disk.low();
      if (full) {
        // The reserve's room lets rack.db open and commit the deletes that free the rest.
        disk.releaseReserve();
      }
      store = SqliteStore.open(dir);
      started.add(store);
      String routerHost = routerHost();
      ca = CertificateAuthority.loadOrCreate(dir, options.name, caScope(routerHost));
      CertificateAuthority.Issued cert = ca.issue(List.of("*." + routerHost, routerHost, "localhost"));
      SslContext tls = io.jrack.router.RouterTls.server(cert.key(), cert.certificate(), cert.issuer());
      router = Router.start(RouterConfig.of(options.routerBind, options.httpPort, options.httpsPort, tls));
      started.add(router);
      Clock clock = Clock.systemUTC();
      boolean kubernetes = "kubernetes".equals(options.runtime);
      // The provider needs the public ports for `convox services` (on a cluster, the ingress's); the process runtime needs the router.
      RackConfig config = new RackConfig(options.name, dir, options.version, kubernetes ? 80 : Math.max(0, router.httpPort()),
          kubernetes ? 443 : Math.max(0, router.httpsPort()), options.endpointPortFirst, options.endpointPortLast, RouterLimitsParams.defaults());
      // The logs first: the runtime writes to them and the provider reads them. Closed after both.
      LogHub logs = new LogHub(dir.resolve("logs"), clock);
      started.add(logs);
      // The rack's parameters, as the provider last announced them: the cluster runtime reads its
      // registry and ingress settings from here at each deploy.
      java.util.concurrent.atomic.AtomicReference<Map<String, String>> params = new java.util.concurrent.atomic.AtomicReference<>(Map.of());
      io.jrack.runtime.AppRuntime runtime = kubernetes
          ? new io.jrack.runtime.kubernetes.KubernetesRuntime(Kubeconfig.client(options), options.name, params::get, logs, options.kubernetesTiming)
          : "containers".equals(options.runtime) ? containers(dir, clock, logs)
          : "auto".equals(options.runtime) ? chosen(dir, clock, logs) : new ProcessRuntime(dir, router, logs, clock);
      if (runtimeDescription == null) {
        runtimeDescription = kubernetes ? "kubernetes" : "containers".equals(options.runtime) ? "containers" : "processes";
      }
      provider = new EmbeddedProvider(config, store, runtime, logs, clock, kubernetes ? null : router);
      started.add(provider);
      if (!kubernetes && router.certificates() != null) {
        provider.serveCertificates(ca, certs -> router.certificates().replace(RouterContexts.of(certs)));
      }
      provider.onParams(current -> {
        params.set(current);
        router.limits(RouterLimitsParams.from(current));
      });
      api = ApiServer.start(provider, password, options.apiHost, options.apiPort, apiTls());
      started.add(api);
      api.refuseWritesWhile(disk::refusal);
      if (full) {
        LOG.warn("{}; apps are restored once there is room", disk.refusal());
        started.add(restoreOnceThereIsRoom());
      } else {
        keepReserve();
        restore();
      }
      if (options.prepareResources && runtime instanceof ProcessRuntime processes) {
        processes.prepareResources();
      } else if (options.prepareResources && runtime instanceof io.jrack.runtime.container.ContainerRuntime containers) {
        containers.prepareResources();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The default: containers wherever this machine runs them, else processes; the log says which
   * and why, since the two run an app's Dockerfile differently.
   */
  private io.jrack.runtime.AppRuntime chosen(Path dir, Clock clock, LogHub logs) {
    try {
      io.jrack.runtime.AppRuntime r = io.jrack.runtime.container.ContainerRuntime.open(dir, options.name, router, logs, clock);
      runtimeDescription = "containers";
      LOG.info("runtime: containers (this machine runs them; --runtime embedded runs apps as processes)");
      return r;
    } catch (io.jrack.runtime.RuntimeFailure e) {
      runtimeDescription = "processes: " + e.getMessage();
      LOG.warn("runtime: processes, since {}; a Dockerfile with build steps needs the container runtime", e.getMessage());
      return new ProcessRuntime(dir, router, logs, clock);
    }
  }

  /** Where apps run, as {@code convox rack start} says it: {@code containers}, {@code processes: <why not containers>}, {@code kubernetes}. */
  public String runtimeDescription() {
    return runtimeDescription;
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

  /**
   * What the rack's CA may sign for: the router's names, localhost, loopback addresses, and the
   * API's host when it serves beyond loopback. Nothing else, so trusting the CA trusts no other site.
   */
  private io.jrack.tls.Scope caScope(String routerHost) throws IOException {
    List<String> names = new ArrayList<>(List.of(routerHost, "localhost", "127.0.0.0/8", "::1"));
    if (!isLoopback(options.apiHost) && !options.apiHost.equals(routerHost)) {
      names.add(options.apiHost);
    }
    return io.jrack.tls.Scope.of(names);
  }

  /**
   * On a full disk the apps' releases are not run at start (running one writes its state); a
   * watcher runs them once deletes or the user have made room, and puts the store's reserve back.
   */
  private AutoCloseable restoreOnceThereIsRoom() {
    Thread watcher = Thread.ofVirtual().name("disk-full-watch").start(() -> {
      try {
        while (disk.low()) {
          Thread.sleep(DISK_CHECK_EVERY);
        }
        LOG.info("disk space is back ({} KB free): restoring apps", disk.usable() / 1024);
        keepReserve();
        restore();
      } catch (InterruptedException e) {
        // The rack is stopping.
      } catch (RuntimeException e) {
        LOG.warn("could not restore apps after the disk was full: {}", e.toString());
      }
    });
    return () -> {
      watcher.interrupt();
      watcher.join();
    };
  }

  /** The reserve is a safety margin, not a need: failing to make it is said, and the rack goes on. */
  private void keepReserve() {
    try {
      disk.keepReserve();
    } catch (IOException e) {
      LOG.warn("could not keep the store's reserve beside rack.db: {}", e.toString());
    }
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
