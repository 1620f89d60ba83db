package io.jrack.api;

import io.javalin.http.Context;
import io.jrack.rack.Provider;
import io.jrack.rack.wire.WireBuild;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Convox's build routes on {@code /apps/{app}/builds}: a build names its source by the {@code object://}
 * URL the client uploaded it to, and may name another manifest, which is swapped into a copy of the source.
 */
final class BuildRoutes {
  private final ApiServer server;
  private final Provider provider;
  private final ObjectStore objects;

  BuildRoutes(ApiServer server, Provider provider, ObjectStore objects) {
    this.server = server;
    this.provider = provider;
    this.objects = objects;
  }

  void define() {
    server.post("/apps/{app}/builds", ctx -> {
      String app = ctx.pathParam("app");
      provider.appGet(app);
      String manifest = BuildRequest.check(ctx);
      Path stored = objects.file(app, Forms.required(ctx, "url"), "url");
      Path swapped = manifest == null ? null : objects.scratch();
      try {
        if (swapped != null) {
          ManifestSwap.swap(stored, manifest, swapped);
        }
        try (InputStream source = Files.newInputStream(swapped != null ? swapped : stored)) {
          ctx.json(WireBuild.of(provider.buildCreate(app, source, Forms.value(ctx, "description"),
              Files.size(swapped != null ? swapped : stored))));
        }
      } finally {
        if (swapped != null) {
          Files.deleteIfExists(swapped);
        }
        objects.usedOnce(app, Forms.value(ctx, "url"));
      }
    });
    server.get("/apps/{app}/builds", ctx -> ctx.json(provider.buildList(ctx.pathParam("app"), listLimit(ctx)).stream().map(WireBuild::of).toList()));
    server.get("/apps/{app}/builds/{id}", ctx -> ctx.json(WireBuild.of(provider.buildGet(ctx.pathParam("app"), ctx.pathParam("id")))));
  }

  /** The {@code limit} of the builds list (Convox's {@code ?limit=N}), 1 to 1000; the rack's default when absent. */
  private static int listLimit(Context ctx) {
    String s = ctx.queryParam("limit");
    if (s == null || s.isBlank()) {
      return Provider.BUILD_LIST_LIMIT;
    }
    try {
      int n = Integer.parseInt(s.strip());
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Answered below with the rule.
    }
    throw new ApiServer.BadInput("limit: \"" + s + "\" (expected: a number 1-1000)");
  }
}
