package io.jrack.router;

import io.jrack.runtime.Routing;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The router alone, in front of fixed backends, for benchmarks:
 * {@code StandaloneRouter PORT HOST BACKEND_PORT [ROUTES [HTTPS_PORT CERT_PEM KEY_PEM CIPHER]]} routes
 * {@code HOST} (and, with ROUTES, that many more generated host names) to 127.0.0.1:BACKEND_PORT;
 * with HTTPS_PORT, an HTTPS listener too (TLS 1.3, the one cipher suite CIPHER, ALPN h2 and http/1.1).
 * {@code -Djrack.bench.grpc=GRPC_HOST:GRPC_PORT} adds a {@code grpc:} service for GRPC_HOST at 127.0.0.1:GRPC_PORT.
 */
public final class StandaloneRouter {
  private StandaloneRouter() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String host = args[1];
    int backend = Integer.parseInt(args[2]);
    int extra = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    int httpsPort = args.length > 7 ? Integer.parseInt(args[4]) : -1;
    io.netty.handler.ssl.SslContext tls = httpsPort < 0 ? null
        : RouterTls.server(new java.io.File(args[5]), new java.io.File(args[6]), "TLSv1.3", List.of(args[7]));
    Router router = Router.start(RouterConfig.of("127.0.0.1", port, httpsPort, tls));
    List<Routing.Route> routes = new ArrayList<>();
    routes.add(new Routing.Route("bench", List.of(host), false, null));
    for (int i = 0; i < extra; i++) {
      routes.add(new Routing.Route("s" + i, List.of("s" + i + ".bench.localhost"), false, null));
    }
    String grpc = System.getProperty("jrack.bench.grpc");
    if (grpc != null) {
      routes.add(new Routing.Route("grpc", List.of(grpc.substring(0, grpc.lastIndexOf(':'))), false, null, "grpc"));
    }
    router.publish("bench", routes);
    router.backends("bench", "bench", List.of(new InetSocketAddress("127.0.0.1", backend)));
    if (grpc != null) {
      router.backends("bench", "grpc", List.of(new InetSocketAddress("127.0.0.1", Integer.parseInt(grpc.substring(grpc.lastIndexOf(':') + 1)))));
    }
    System.out.println("router on " + router.httpPort() + (tls == null ? "" : ", https " + router.httpsPort()) + " for " + host + " (+" + extra + " routes) -> 127.0.0.1:" + backend);
    Runtime.getRuntime().addShutdownHook(new Thread(router::close));
    Thread.currentThread().join();
  }
}
