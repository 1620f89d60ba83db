package io.jrack.api;

import io.javalin.http.Context;

/**
 * The options of {@code POST /apps/{app}/builds} (structs.BuildCreateOptions) beyond {@code url} and
 * {@code description}: those a build here can honour are accepted, the others refused by name rather
 * than ignored.
 */
final class BuildRequest {
  private BuildRequest() {}

  static void check(Context ctx) {
    String manifest = Forms.value(ctx, "manifest");
    if (manifest != null && !manifest.equals("convox.yml")) {
      throw new ApiServer.BadInput("manifest: \"" + manifest + "\" (expected: convox.yml; a build reads the manifest at the top of the source)");
    }
    String buildArgs = Forms.value(ctx, "build-args");
    if (buildArgs != null) {
      throw new ApiServer.BadInput("build-args: \"" + buildArgs + "\" (expected: none; builds here run no Dockerfile)");
    }
    // development, no-cache, wildcard-domain and git-sha change nothing here: no image cache, no wildcard DNS.
  }
}
