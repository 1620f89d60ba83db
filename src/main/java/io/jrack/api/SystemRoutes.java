package io.jrack.api;

import io.jrack.rack.Provider;
import io.jrack.rack.wire.WireInstance;
import io.jrack.rack.wire.WireProcess;
import io.jrack.rack.wire.WireRelease;
import io.jrack.rack.wire.WireSystem;
import java.util.Map;

/** Convox's routes on the rack itself: {@code /auth}, {@code /system} (info, parameters, processes, releases, CA) and {@code /instances}. */
final class SystemRoutes {
  private final ApiServer server;
  private final Provider provider;

  SystemRoutes(ApiServer server, Provider provider) {
    this.server = server;
    this.provider = provider;
  }

  void define() {
    server.get("/auth", ctx -> ctx.json(Map.of()));
    server.get("/system", ctx -> ctx.json(WireSystem.of(provider.systemGet())));
    server.put("/system", ctx -> {
      provider.paramsSet(Forms.map(Forms.required(ctx, "parameters")));
      ApiServer.ok(ctx);
    });
    server.get("/system/processes", ctx -> ctx.json(provider.systemProcesses().stream().map(WireProcess::of).toList()));
    server.get("/system/releases", ctx -> ctx.json(provider.systemReleases().stream().map(WireRelease::of).toList()));
    server.get("/instances", ctx -> ctx.json(provider.instanceList().stream().map(i -> WireInstance.of(i).fields()).toList()));
    server.get("/system/ca", ctx -> ctx.contentType("application/x-pem-file").result(provider.systemCertificate()));
  }
}
