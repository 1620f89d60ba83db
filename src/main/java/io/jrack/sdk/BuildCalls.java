package io.jrack.sdk;

import io.jrack.rack.Build;
import io.jrack.rack.wire.WireBuild;
import io.jrack.rack.wire.WireObject;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An app's builds: the source goes up as an object first, as the Convox client sends it.
 */
final class BuildCalls extends RackCalls {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  BuildCalls(Http http) {
    super(http);
  }

  /** Convox's deploy: the source goes up as an object, then the build names it by {@code object://} URL. */
  Build buildCreate(String app, InputStream source, String description) {
    String key = "tmp/" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong()) + ".tgz";
    WireObject o = read(http.upload("/apps/" + seg(app) + "/objects/" + key, "application/octet-stream", source), WireObject.class);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("url", o.url());
    if (description != null) {
      params.put("description", description);
    }
    return form("POST", "/apps/" + seg(app) + "/builds", params, WireBuild.class).toBuild();
  }

  Build buildGet(String app, String id) {
    return get("/apps/" + seg(app) + "/builds/" + seg(id), WireBuild.class).toBuild();
  }

  List<Build> buildList(String app, int limit) {
    return list("GET", "/apps/" + seg(app) + "/builds?limit=" + limit, WireBuild.class).stream().map(WireBuild::toBuild).toList();
  }

  void buildLogs(String app, String id, Consumer<String> sink) {
    http.socket("/apps/" + seg(app) + "/builds/" + seg(id) + "/logs", Map.of(), sink);
  }
}
