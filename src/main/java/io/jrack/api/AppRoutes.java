package io.jrack.api;

import io.jrack.rack.Provider;
import io.jrack.rack.wire.WireApp;

/** Convox's routes on apps themselves: {@code /apps} and {@code /apps/{name}} (create, read, parameters, cancel, delete). */
final class AppRoutes {
  private final ApiServer server;
  private final Provider provider;

  AppRoutes(ApiServer server, Provider provider) {
    this.server = server;
    this.provider = provider;
  }

  void define() {
    server.get("/apps", ctx -> ctx.json(provider.appList().stream().map(WireApp::of).toList()));
    server.post("/apps", ctx -> ctx.json(WireApp.of(provider.appCreate(Forms.required(ctx, "name")))));
    server.get("/apps/{name}", ctx -> ctx.json(WireApp.of(provider.appGet(ctx.pathParam("name")))));
    server.put("/apps/{name}", ctx -> {
      if (Forms.value(ctx, "lock") != null) {
        throw new ApiServer.BadInput("lock: \"" + Forms.value(ctx, "lock") + "\" (expected: none; apps cannot be locked on this rack)");
      }
      provider.appParamsSet(ctx.pathParam("name"), Forms.map(Forms.value(ctx, "parameters")));
      ApiServer.ok(ctx);
    });
    server.post("/apps/{name}/cancel", ctx -> {
      provider.appCancel(ctx.pathParam("name"));
      ApiServer.ok(ctx);
    });
    server.delete("/apps/{name}", ctx -> {
      provider.appDelete(ctx.pathParam("name"), "delete".equals(ctx.queryParam("resources")));
      ApiServer.ok(ctx);
    });
  }
}
