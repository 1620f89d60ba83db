package io.jrack.router;

import io.jrack.runtime.Routing;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The router alone, in front of fixed backends, for benchmarks:
 * {@code StandaloneRouter PORT HOST BACKEND_PORT [ROUTES]} routes {@code HOST} (and, with ROUTES,
 * that many more generated host names) to 127.0.0.1:BACKEND_PORT.
 */
public final class StandaloneRouter {
  private StandaloneRouter() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String host = args[1];
    int backend = Integer.parseInt(args[2]);
    int extra = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    Router router = Router.start(RouterConfig.of("127.0.0.1", port, -1, null));
    List<Routing.Route> routes = new ArrayList<>();
    routes.add(new Routing.Route("bench", List.of(host), false, null));
    for (int i = 0; i < extra; i++) {
      routes.add(new Routing.Route("s" + i, List.of("s" + i + ".bench.localhost"), false, null));
    }
    router.publish("bench", routes);
    router.backends("bench", "bench", List.of(new InetSocketAddress("127.0.0.1", backend)));
    System.out.println("router on " + router.httpPort() + " for " + host + " (+" + extra + " routes) -> 127.0.0.1:" + backend);
    Runtime.getRuntime().addShutdownHook(new Thread(router::close));
    Thread.currentThread().join();
  }
}
