package io.jrack.rack.embedded;

import io.jrack.files.SafePaths;
import java.nio.file.Path;

/**
 * How this embedded rack was started: its name and directory, the version it reports, the public
 * router ports (0 when not serving) and the port range for internal endpoints.
 */
public record RackConfig(
    String name, Path dir, String version, int httpPort, int httpsPort, int endpointPortFirst, int endpointPortLast) {

  public static RackConfig of(String name, Path dir, String version, int httpPort, int httpsPort) {
    return new RackConfig(name, dir, version, httpPort, httpsPort, 21000, 28999);
  }

  Path appDir(String app) {
    return SafePaths.under(dir, "apps", app);
  }

  Path buildDir(String app, String build) {
    return SafePaths.under(appDir(app), "builds", build);
  }
}
