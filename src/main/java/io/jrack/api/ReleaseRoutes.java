package io.jrack.api;

import io.javalin.http.Context;
import io.jrack.rack.Provider;
import io.jrack.rack.wire.WireRelease;
import java.util.List;

/** Convox's release routes on {@code /apps/{app}/releases}: list (newest first, {@code ?limit=N}), create, read, promote. */
final class ReleaseRoutes {
  private final ApiServer server;
  private final Provider provider;

  ReleaseRoutes(ApiServer server, Provider provider) {
    this.server = server;
    this.provider = provider;
  }

  void define() {
    server.get("/apps/{app}/releases", ctx -> ctx.json(limit(ctx, provider.releaseList(ctx.pathParam("app"))).stream().map(WireRelease::of).toList()));
    server.post("/apps/{app}/releases", ctx -> ctx.json(WireRelease.of(ReleaseRequest.create(provider, ctx.pathParam("app"), ctx))));
    server.get("/apps/{app}/releases/{id}", ctx -> ctx.json(WireRelease.of(provider.releaseGet(ctx.pathParam("app"), ctx.pathParam("id")))));
    server.post("/apps/{app}/releases/{id}/promote", ctx -> {
      provider.releasePromote(ctx.pathParam("app"), ctx.pathParam("id"));
      ApiServer.ok(ctx);
    });
  }

  /** The first {@code limit} of a newest-first list, when the query asks (structs.*ListOptions). */
  private static <T> List<T> limit(Context ctx, List<T> all) {
    String l = ctx.queryParam("limit");
    if (l == null || l.isBlank()) {
      return all;
    }
    try {
      int n = Integer.parseInt(l.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return all.subList(0, Math.min(n, all.size()));
    } catch (NumberFormatException e) {
      throw new ApiServer.BadInput("limit: \"" + l + "\" (expected: a whole number, 0 or more)");
    }
  }
}
