package io.jrack.testing;

import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ServiceInfo;
import io.jrack.server.RackServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * An embedded rack in a JVM of its own, for tests that kill it or run it in a network namespace:
 * {@code RackMain DIR PASSWORD [ROUTER_BIND [APP_DIR]]}, on the runtime {@code $JRACK_TEST_RUNTIME} names
 * (processes unless it says {@code containers}). Prints {@code API <url>} and
 * {@code HTTP <port>} once it serves; with APP_DIR it also deploys that app (Internal=Yes) and
 * prints {@code ENDPOINT <service> <port>} and {@code PROCESS <service> <port>} lines, then {@code READY}.
 */
public final class RackMain {
  private RackMain() {}

  public static void main(String[] args) throws Exception {
    String bind = args.length > 2 ? args[2] : "127.0.0.1";
    // JRACK_TEST_RUNTIME=containers: the same rack on the container runtime.
    String runtime = System.getenv().getOrDefault("JRACK_TEST_RUNTIME", "embedded");
    RackServer server = RackServer.builder().name("dev").dir(Path.of(args[0])).password(args[1]).apiPort(0)
        .routerBind(bind).httpPort(0).httpsPort(0).endpointPorts(25000, 25999).runtime(runtime).start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("API " + server.apiUrl());
    System.out.println("HTTP " + server.router().httpPort());
    if (args.length > 3) {
      var rack = server.provider();
      rack.paramsSet(Map.of("Internal", "Yes"));
      rack.appCreate("nodedemo");
      Build b = rack.buildCreate("nodedemo", SourceTar.of(Path.of(args[3])), null);
      rack.releasePromote("nodedemo", b.release());
      for (ServiceInfo s : rack.serviceList("nodedemo")) {
        if (s.domain().equals("127.0.0.1")) {
          System.out.println("ENDPOINT " + s.name() + " " + s.ports().get(0).balancer());
        }
      }
      for (ProcessInfo p : rack.processList("nodedemo")) {
        System.out.println("PROCESS " + p.service() + " " + p.port());
      }
      System.out.println("READY");
    }
    System.out.flush();
    Thread.currentThread().join();
  }
}
