package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.Set;

/**
 * Recognises a docker-compose file (Convox Gen1's format) given as {@code convox.yml}, so the user
 * gets one clear error instead of a page of unknown keys.
 */
final class Gen1Detector {
  /** Keys that exist in docker-compose and never in convox.yml. */
  private static final Set<String> COMPOSE_ONLY =
      Set.of("depends_on", "container_name", "restart", "expose", "env_file", "networks", "volumes_from", "extends", "external_links", "net", "network_mode");

  private Gen1Detector() {}

  /** Reports and returns true when {@code root} is a docker-compose document. */
  static boolean check(YMap root, Diagnostics diagnostics) {
    YMap services = root.get("services") instanceof YMap s ? s : null;
    if (services == null) {
      // Compose v1 puts services at the top level.
      for (var e : root.entries().entrySet()) {
        if (e.getValue() instanceof YMap body && (body.get("image") != null || body.get("build") != null) && !ManifestParser.TOP_KEYS.contains(e.getKey())) {
          report(diagnostics, root.keyPosition(e.getKey()), "service \"" + e.getKey() + "\" is defined at the top level");
          return true;
        }
      }
      return false;
    }
    int signals = 0;
    Position first = null;
    String why = null;
    for (YNode node : services.entries().values()) {
      if (!(node instanceof YMap body)) {
        continue;
      }
      for (String key : body.entries().keySet()) {
        boolean hostPort = key.equals("ports") && hasHostMapping(body.get(key));
        if (COMPOSE_ONLY.contains(key) || hostPort) {
          signals++;
          if (first == null) {
            first = body.keyPosition(key);
            why = hostPort ? "\"ports\" maps host:container ports" : "\"" + key + "\" is a docker-compose key";
          }
        }
      }
    }
    // One leftover key is common in real Gen2 files; a compose file has several, or a version and one.
    if (signals >= 2 || (signals == 1 && root.get("version") != null)) {
      report(diagnostics, first, why);
      return true;
    }
    return false;
  }

  private static boolean hasHostMapping(YNode ports) {
    if (ports instanceof YNode.YList list) {
      for (YNode item : list.items()) {
        if (item instanceof YScalar s && s.value() != null && s.value().matches("[0-9.]+:[0-9]+(/\\w+)?")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void report(Diagnostics diagnostics, Position at, String why) {
    diagnostics.error(at,
        "this is a docker-compose file (Convox Gen1 format): " + why
            + ". jrack reads the Gen2/v3 convox.yml format: services: NAME: {build, port, environment, links, ...}");
  }
}
