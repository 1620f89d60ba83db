package io.jrack.api;

import io.javalin.http.Context;
import io.jrack.rack.Provider;
import io.jrack.rack.Release;
import io.jrack.rack.wire.EnvText;
import java.util.Map;

/**
 * {@code POST /apps/{app}/releases} (structs.ReleaseCreateOptions: {@code build}, {@code env},
 * {@code description}), as Convox reads it: a field left out comes from the app's latest release, so
 * {@code env=...} alone is how {@code convox env set} and {@code env unset} make a release, and
 * {@code build=...} alone keeps the environment.
 */
final class ReleaseRequest {
  private ReleaseRequest() {}

  static Release create(Provider provider, String app, Context ctx) {
    String build = Forms.value(ctx, "build");
    String envText = ctx.formParam("env");
    if (build == null && envText == null) {
      throw new ApiServer.BadInput("nothing to release: give build=ID, env=KEY=value lines, or both");
    }
    if (build == null) {
      return envRelease(provider, app, env(envText));
    }
    Map<String, String> env = envText == null ? provider.envGet(app) : env(envText);
    return provider.releaseCreate(app, build, env);
  }

  private static Map<String, String> env(String text) {
    try {
      return EnvText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ApiServer.BadInput(e.getMessage());
    }
  }

  /**
   * A release of the latest build with {@code env}, the whole environment. Made as the change it is
   * from the latest one (keys added or changed, or removed, or both: replaced), so its description
   * says what changed, as Convox's does.
   */
  private static Release envRelease(Provider provider, String app, Map<String, String> env) {
    Map<String, String> latest = provider.envGet(app);
    Map<String, String> changed = new java.util.TreeMap<>();
    env.forEach((k, v) -> {
      if (!v.equals(latest.get(k))) {
        changed.put(k, v);
      }
    });
    java.util.List<String> removed = latest.keySet().stream().filter(k -> !env.containsKey(k)).sorted().toList();
    if (removed.isEmpty()) {
      return provider.envSet(app, changed, false);
    }
    if (changed.isEmpty()) {
      return provider.envUnset(app, removed);
    }
    return provider.envSet(app, env, true);
  }
}
