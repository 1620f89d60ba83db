package io.jrack.runtime.container;

import io.jrack.manifest.Service;
import io.jrack.runtime.RuntimeFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's {@code volumes:} as mounts. {@code /data} (or {@code name:/data}) is a named volume
 * of the app, {@code <rack id>-<app>-<name>}, kept across deploys and restarts of the rack and
 * deleted with the app; {@code /host/path:/data} binds a host directory, as Convox allows.
 */
final class AppVolumes {
  private static final Logger LOG = LoggerFactory.getLogger(AppVolumes.class);
  private final ContainerEngine engine;
  private final String rackId;

  AppVolumes(ContainerEngine engine, String rackId) {
    this.engine = engine;
    this.rackId = rackId;
  }

  /** The service's mounts, its named volumes created when missing. */
  List<ContainerEngine.Mount> mounts(String app, Service s) throws RuntimeFailure {
    Object declared = s.extensions().get("volumes");
    if (declared == null) {
      return List.of();
    }
    if (!(declared instanceof List<?> list)) {
      throw new RuntimeFailure("service %s: volumes: %s (expected a list of /path, name:/path or /host/path:/path)".formatted(s.name(), declared));
    }
    List<ContainerEngine.Mount> out = new ArrayList<>();
    for (Object item : list) {
      String v = String.valueOf(item).strip();
      int colon = v.indexOf(':');
      String source = colon < 0 ? "" : v.substring(0, colon);
      String target = colon < 0 ? v : v.substring(colon + 1);
      if (!target.startsWith("/") || target.contains(":")) {
        throw new RuntimeFailure("service %s: volume \"%s\" (expected /path, name:/path or /host/path:/path)".formatted(s.name(), v));
      }
      if (source.startsWith("/")) {
        out.add(new ContainerEngine.Mount(source, target));
        continue;
      }
      String name = rackId + "-" + app + "-" + slug(source.isEmpty() ? target : source);
      try {
        engine.volume(name, Map.of(ContainerRuntime.LABEL_RACK, rackId, ContainerRuntime.LABEL_APP, app));
      } catch (EngineException e) {
        throw new RuntimeFailure("service " + s.name() + ": volume " + v + ": " + e.getMessage());
      }
      out.add(new ContainerEngine.Mount(name, target));
    }
    return out;
  }

  /** Deletes the app's named volumes. */
  void remove(String app) {
    try {
      engine.volumes(Map.of(ContainerRuntime.LABEL_RACK, rackId, ContainerRuntime.LABEL_APP, app)).forEach(engine::removeVolume);
    } catch (EngineException e) {
      LOG.warn("could not delete the volumes of app {}: {}", app, e.getMessage());
    }
  }

  private static String slug(String path) {
    String s = path.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "root" : s;
  }
}
