package io.jrack.sdk;

import io.jrack.manifest.EnvRules;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.wire.EnvText;
import io.jrack.rack.wire.WireRelease;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's releases and its environment, which Convox keeps as releases: the client reads the latest
 * release's env and creates a release with the whole of it.
 */
final class ReleaseCalls extends RackCalls {
  ReleaseCalls(Http http) {
    super(http);
  }

  Release releaseCreate(String app, String build, Map<String, String> env) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("build", build);
    params.put("env", EnvText.format(env));
    return form("POST", "/apps/" + seg(app) + "/releases", params, WireRelease.class).toRelease();
  }

  Release releaseGet(String app, String id) {
    return get("/apps/" + seg(app) + "/releases/" + seg(id), WireRelease.class).toRelease();
  }

  List<Release> releaseList(String app) {
    return list("GET", "/apps/" + seg(app) + "/releases", WireRelease.class).stream().map(WireRelease::toRelease).toList();
  }

  Release releasePromote(String app, String id) {
    check(send("POST", "/apps/" + seg(app) + "/releases/" + seg(id) + "/promote"));
    return releaseGet(app, id);
  }

  /** The latest release's environment, as Convox's client reads it (releases?limit=1, then that release). */
  Map<String, String> envGet(String app) {
    List<WireRelease> latest = list("GET", "/apps/" + seg(app) + "/releases?limit=1", WireRelease.class);
    if (latest.isEmpty()) {
      return new java.util.TreeMap<>();
    }
    return releaseGet(app, latest.get(0).id()).env();
  }

  /**
   * Convox's {@code env set}: the client merges into the latest environment and releases the whole
   * of it ({@code env=...} alone); two clients setting at once can lose one's change, as in Convox.
   */
  Release envSet(String app, Map<String, String> values, boolean replace) {
    Map<String, String> env = replace ? new java.util.TreeMap<>() : new java.util.TreeMap<>(envGet(app));
    env.putAll(values);
    return envRelease(app, env);
  }

  Release envUnset(String app, List<String> keys) {
    Map<String, String> env = new java.util.TreeMap<>(envGet(app));
    List<String> missing = keys.stream().filter(k -> !env.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw ProviderException.notFound("env not found: " + String.join(", ", missing));
    }
    keys.forEach(env::remove);
    return envRelease(app, env);
  }

  private Release envRelease(String app, Map<String, String> env) {
    // Checked here too: in the line-based env text a bad key or a line break would arrive as
    // another key, or be lost, and the rack could not say what was wrong.
    env.forEach((k, v) -> EnvRules.nameProblem(k).or(() -> EnvRules.valueProblem(k, v == null ? "" : v)).ifPresent(problem -> {
      throw ProviderException.badRequest(problem);
    }));
    return form("POST", "/apps/" + seg(app) + "/releases", Map.of("env", EnvText.format(env)), WireRelease.class).toRelease();
  }
}
