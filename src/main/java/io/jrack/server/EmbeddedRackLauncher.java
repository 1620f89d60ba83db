package io.jrack.server;

import io.jrack.rack.RackLauncher;
import io.jrack.sdk.RackAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code convox rack start} and the rack of {@code convox start}: an embedded rack in this JVM. */
public final class EmbeddedRackLauncher implements RackLauncher {
  /** Per rack started here, the runtime it chose (Running, an interface of the rack package, does not carry it). */
  private final Map<String, String> runtimes = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public Running start(Options o, Map<String, String> env, PrintWriter out) throws Exception {
    String name = o.name() == null ? "dev" : o.name();
    Path home = RackAddress.home(env);
    Path dir = o.dir() != null ? Path.of(o.dir()) : home.resolve("racks").resolve(name);
    // Unsaid: containers where this machine runs them, else processes (the rack logs which, and why).
    String runtime = o.runtime() == null ? "auto" : o.runtime();
    if (!runtime.equals("auto") && !runtime.equals("embedded") && !runtime.equals("kubernetes") && !runtime.equals("containers")) {
      throw new IllegalArgumentException("unknown runtime " + o.runtime() + " (expected: embedded, containers or kubernetes)");
    }
    String version = RackLauncher.class.getPackage().getImplementationVersion();
    RackServerBuilder b = RackServer.builder().name(name).dir(dir).version(version == null ? "dev" : version).password(env.get("CONVOX_PASSWORD"));
    b.runtime(runtime).kubeconfig(o.kubeconfig()).kubeContext(o.kubeContext()).prepareResources(true);
    if (o.apiHost() != null) {
      b.apiHost(o.apiHost());
    }
    b.apiPort(o.apiPort() != 0 ? Math.max(0, o.apiPort()) : 5080);
    if (o.routerBind() != null) {
      b.routerBind(o.routerBind());
    }
    // On a cluster the ingress controller serves the public side; the local router listens only when asked to.
    int defaultHttp = runtime.equals("kubernetes") ? -1 : 80;
    int defaultHttps = runtime.equals("kubernetes") ? -1 : 443;
    b.httpPort(o.httpPort() != 0 ? Math.max(0, o.httpPort()) : defaultHttp);
    b.httpsPort(o.httpsPort() != 0 ? Math.max(0, o.httpsPort()) : defaultHttps);
    RackServer server = b.start();
    try {
      RackAddress.recordLocal(home, server.apiUrl(), dir);
    } catch (IOException e) {
      out.println("warning: could not record the rack in " + home + ": " + e.getMessage());
    }
    runtimes.put(server.apiUrl(), server.runtimeDescription());
    return new Running() {
      @Override
      public String apiUrl() {
        return server.apiUrl();
      }

      @Override
      public String password() {
        return server.password();
      }

      @Override
      public int httpPort() {
        return server.router().httpPort();
      }

      @Override
      public int httpsPort() {
        return server.router().httpsPort();
      }

      @Override
      public String certificateFile() {
        return server.certificateAuthority().certificateFile().toString();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  @Override
  public int run(Options o, Map<String, String> env, PrintWriter out, PrintWriter err) {
    Running rack;
    try {
      rack = start(o, env, out);
    } catch (Exception e) {
      err.println("ERROR: could not start the rack: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      rack.close();
      stopped.countDown();
    }, "rack-stop"));
    String name = o.name() == null ? "dev" : o.name();
    out.printf("rack %s is running (runtime: %s)%n", name, runtimes.getOrDefault(rack.apiUrl(), String.valueOf(o.runtime())));
    out.printf("  API      %s%n", rack.apiUrl());
    if ("kubernetes".equals(o.runtime())) {
      out.printf("  Cluster  apps run in namespaces %s-<app>; public services are served by the cluster's ingress controller%n", name);
    } else {
      out.printf("  Router   http on port %d, https on port %d%n", rack.httpPort(), rack.httpsPort());
    }
    out.printf("  CA       %s (trust it for HTTPS without warnings)%n", rack.certificateFile());
    out.printf("The convox CLI on this machine now talks to this rack. Elsewhere: RACK_URL=%s with user convox and the rack password%n", rack.apiUrl());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
