package io.jrack.api;

import io.jrack.rack.Provider;
import io.jrack.rack.wire.WireProcess;
import io.jrack.rack.wire.WireResource;
import io.jrack.rack.wire.WireService;
import java.util.Map;

/**
 * Convox's routes on what an app runs: its services (list, scale, restart), their processes (list,
 * read, one-off start, stop, the exec socket) and its resources.
 */
final class ProcessRoutes {
  private final ApiServer server;
  private final Provider provider;
  private final ProcessSockets processSockets;

  ProcessRoutes(ApiServer server, Provider provider, ProcessSockets processSockets) {
    this.server = server;
    this.provider = provider;
    this.processSockets = processSockets;
  }

  void define() {
    server.get("/apps/{app}/services", ctx -> {
      Map<String, String> applied = provider.certificatesApplied(ctx.pathParam("app"));
      ctx.json(provider.serviceList(ctx.pathParam("app")).stream().map(s -> WireService.of(s, applied)).toList());
    });
    server.get("/apps/{app}/resources", ctx -> ctx.json(provider.resourceList(ctx.pathParam("app")).stream().map(WireResource::of).toList()));
    server.get("/apps/{app}/resources/{name}", ctx -> ctx.json(WireResource.of(provider.resourceGet(ctx.pathParam("app"), ctx.pathParam("name")))));
    server.get("/apps/{app}/processes", ctx -> ctx.json(ProcessQuery.filter(ctx, provider.processList(ctx.pathParam("app"))).stream().map(WireProcess::of).toList()));
    server.get("/apps/{app}/processes/{pid}", ctx -> ctx.json(WireProcess.of(provider.processGet(ctx.pathParam("app"), ctx.pathParam("pid")))));
    server.post("/apps/{app}/services/{service}/processes", ctx -> ctx.json(WireProcess.of(
        provider.processStart(ctx.pathParam("app"), ctx.pathParam("service"), Forms.value(ctx, "Command"), Forms.value(ctx, "Release")))));
    server.socket("/apps/{app}/processes/{pid}/exec", SocketStream.interactive((ctx, in, out) -> processSockets.exec(ctx, in, out)));
    server.put("/apps/{app}/services/{name}", ctx -> {
      provider.serviceUpdate(ctx.pathParam("app"), ctx.pathParam("name"), Forms.integer(ctx, "count"), Forms.integer(ctx, "cpu"), Forms.integer(ctx, "memory"));
      ApiServer.ok(ctx);
    });
    server.post("/apps/{app}/services/{name}/restart", ctx -> {
      provider.serviceRestart(ctx.pathParam("app"), ctx.pathParam("name"));
      ApiServer.ok(ctx);
    });
    server.delete("/apps/{app}/processes/{pid}", ctx -> {
      provider.processStop(ctx.pathParam("app"), ctx.pathParam("pid"));
      ApiServer.ok(ctx);
    });
  }
}
