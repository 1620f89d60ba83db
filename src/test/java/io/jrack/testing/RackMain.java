package io.jrack.testing;

import io.jrack.server.RackServer;
import java.nio.file.Path;

/**
 * An embedded rack in a JVM of its own, for tests that kill it: {@code RackMain DIR PASSWORD}.
 * Prints {@code API <url>} and {@code HTTP <port>} once it serves.
 */
public final class RackMain {
  private RackMain() {}

  public static void main(String[] args) throws Exception {
    RackServer server = RackServer.builder().name("dev").dir(Path.of(args[0])).password(args[1]).apiPort(0)
        .routerBind("127.0.0.1").httpPort(0).httpsPort(0).endpointPorts(43000, 43999).start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("API " + server.apiUrl());
    System.out.println("HTTP " + server.router().httpPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
