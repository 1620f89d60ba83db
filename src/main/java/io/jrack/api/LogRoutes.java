package io.jrack.api;

import io.jrack.rack.Provider;

/**
 * Convox's log routes: the rack's, an app's, a service's, a process's and a build's log sockets, and
 * the app's log as plain text over {@code GET} ({@link LogStream}).
 */
final class LogRoutes {
  private final ApiServer server;
  private final Provider provider;
  private final LogSockets logSockets;

  LogRoutes(ApiServer server, Provider provider, LogSockets logSockets) {
    this.server = server;
    this.provider = provider;
    this.logSockets = logSockets;
  }

  void define() {
    server.socket("/system/logs", SocketStream.of((ctx, out) -> logSockets.systemLogs(ctx, out)));
    server.socket("/apps/{app}/builds/{id}/logs", SocketStream.of((ctx, out) -> logSockets.buildLogs(ctx, out)));
    server.get("/apps/{name}/logs", ctx -> LogStream.serve(provider, ctx));
    server.socket("/apps/{name}/logs", SocketStream.of((ctx, out) -> logSockets.appLogs(ctx, out)));
    server.socket("/apps/{app}/services/{service}/logs", SocketStream.of((ctx, out) -> logSockets.serviceLogs(ctx, out)));
    server.socket("/apps/{app}/processes/{pid}/logs", SocketStream.of((ctx, out) -> logSockets.processLogs(ctx, out)));
  }
}
