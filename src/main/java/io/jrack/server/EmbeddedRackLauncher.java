package io.jrack.server;

import io.jrack.rack.RackLauncher;
import io.jrack.sdk.RackAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code convox rack start}: an embedded rack in the foreground until Ctrl-C or SIGTERM. */
public final class EmbeddedRackLauncher implements RackLauncher {

  @Override
  public int run(Options o, Map<String, String> env, PrintWriter out, PrintWriter err) {
    String name = o.name() == null ? "dev" : o.name();
    Path home = RackAddress.home(env);
    Path dir = o.dir() != null ? Path.of(o.dir()) : home.resolve("racks").resolve(name);
    if (o.runtime() != null && !o.runtime().equals("embedded")) {
      err.println("ERROR: runtime " + o.runtime() + " is not available in this build (expected: embedded)");
      return 1;
    }
    RackServerBuilder b = RackServer.builder().name(name).dir(dir).version(io.jrack.rack.RackLauncher.class.getPackage().getImplementationVersion() == null ? "dev" : io.jrack.rack.RackLauncher.class.getPackage().getImplementationVersion())
        .password(env.get("CONVOX_PASSWORD"));
    if (o.apiHost() != null) {
      b.apiHost(o.apiHost());
    }
    if (o.apiPort() != 0) {
      b.apiPort(o.apiPort());
    }
    if (o.routerBind() != null) {
      b.routerBind(o.routerBind());
    }
    b.httpPort(o.httpPort() != 0 ? o.httpPort() : 80);
    b.httpsPort(o.httpsPort() != 0 ? o.httpsPort() : 443);
    RackServer server;
    try {
      server = b.start();
    } catch (Exception e) {
      err.println("ERROR: could not start the rack: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "rack-stop"));
    try {
      RackAddress.recordLocal(home, server.apiUrl(), dir);
    } catch (java.io.IOException e) {
      err.println("warning: could not record the rack in " + home + ": " + e.getMessage());
    }
    String host = server.provider().paramsGet().get("RouterHost");
    out.printf("rack %s is running (embedded runtime)%n", name);
    out.printf("  API      %s%n", server.apiUrl());
    out.printf("  Router   http://*.%s:%d  https://*.%s:%d%n", host, server.router().httpPort(), host, server.router().httpsPort());
    out.printf("  State    %s%n", dir);
    out.printf("  CA       %s (trust it for HTTPS without warnings)%n", server.certificateAuthority().certificateFile());
    out.printf("The convox CLI on this machine now talks to this rack. Elsewhere: RACK_URL=%s with user convox and the password in %s%n",
        server.apiUrl(), dir.resolve("password"));
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
