package io.jrack.api;

import io.javalin.http.Context;
import io.jrack.rack.Provider;
import io.jrack.rack.UploadLimits;
import io.jrack.rack.wire.WireObject;

/** Convox's object routes on {@code /apps/{app}/objects/{key}}, the key may hold slashes ({@code tmp/HEX.tgz}). */
final class ObjectRoutes {
  private final ApiServer server;
  private final Provider provider;
  private final ObjectStore objects;

  ObjectRoutes(ApiServer server, Provider provider, ObjectStore objects) {
    this.server = server;
    this.provider = provider;
    this.objects = objects;
  }

  void define() {
    server.post("/apps/{app}/objects/<key>", ctx -> {
      String app = app(ctx);
      UploadLimits limits = provider.uploadLimits();
      // Before the body is opened: Jetty answers Expect: 100-continue then, and a refused upload is not sent.
      ObjectStore.checkDeclared(ctx.req().getContentLengthLong(), limits);
      try (var body = ctx.bodyInputStream()) {
        ctx.json(new WireObject(objects.store(app, ctx.pathParam("key"), body, limits)));
      }
    });
    server.head("/apps/{app}/objects/<key>", ctx -> ctx.status(objects.exists(app(ctx), ctx.pathParam("key")) ? 200 : 404));
    server.get("/apps/{app}/objects/<key>", ctx -> ctx.contentType("application/octet-stream").result(objects.open(app(ctx), ctx.pathParam("key"))));
    server.delete("/apps/{app}/objects/<key>", ctx -> {
      objects.delete(app(ctx), ctx.pathParam("key"));
      ApiServer.ok(ctx);
    });
  }

  private String app(Context ctx) {
    String app = ctx.pathParam("app");
    provider.appGet(app);
    return app;
  }
}
