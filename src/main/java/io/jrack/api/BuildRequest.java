package io.jrack.api;

import io.javalin.http.Context;

/**
 * The options of {@code POST /apps/{app}/builds} (structs.BuildCreateOptions) beyond {@code url} and
 * {@code description}: those a build here can honour are accepted ({@code manifest} through
 * {@link ManifestSwap}), the others refused by name rather than ignored.
 */
final class BuildRequest {
  private BuildRequest() {}

  /** The manifest the build is to use, when it is not the source's convox.yml; else null. */
  static String check(Context ctx) {
    String manifest = Forms.value(ctx, "manifest");
    if (manifest != null && (manifest.startsWith("/") || manifest.contains(".."))) {
      throw new ApiServer.BadInput("manifest: \"" + manifest + "\" (expected: a path within the source, like convox.yml)");
    }
    String buildArgs = Forms.value(ctx, "build-args");
    if (buildArgs != null) {
      throw new ApiServer.BadInput("build-args: \"" + buildArgs + "\" (expected: none; builds here run no Dockerfile)");
    }
    // development, no-cache, wildcard-domain and git-sha change nothing here: no image cache, no wildcard DNS.
    return manifest == null || manifest.equals(ManifestSwap.MANIFEST) ? null : manifest;
  }
}
