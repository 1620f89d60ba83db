package io.jrack.rack.embedded;

import io.jrack.files.SafePaths;
import java.nio.file.Path;
import java.util.Map;

/**
 * How this embedded rack was started: its name and directory, the version it reports, the public
 * router ports (0 when not serving), the port range for internal endpoints, and the defaults of the
 * parameters that belong to parts the server puts together ({@code RouterHeaderTimeout}...: the
 * router defines them, and the rack, below the router, cannot ask it).
 */
public record RackConfig(
    String name, Path dir, String version, int httpPort, int httpsPort, int endpointPortFirst, int endpointPortLast,
    Map<String, String> paramDefaults) {

  public RackConfig {
    paramDefaults = Map.copyOf(paramDefaults);
  }

  Path appDir(String app) {
    return SafePaths.under(dir, "apps", app);
  }

  Path buildDir(String app, String build) {
    return SafePaths.under(appDir(app), "builds", build);
  }
}
