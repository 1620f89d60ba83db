package io.jrack.discovery;

import io.jrack.manifest.Manifest;
import java.util.Optional;

/**
 * Placeholder endpoints for showing an app's environment before it runs on a rack: services at
 * {@code <service>.<app>.internal} and resources with a masked password. Real runtimes replace them.
 */
public final class PreviewEndpoints implements Endpoints {
  public static final String MASKED = "********";
  private final Manifest manifest;
  private final String app;

  public PreviewEndpoints(String app, Manifest manifest) {
    this.app = app;
    this.manifest = manifest;
  }

  @Override
  public Optional<Endpoint> service(String app, String service) {
    if (!app.equals(this.app)) {
      return Optional.of(new Endpoint("http", service + "." + app + ".internal", 80));
    }
    return manifest.service(service).flatMap(s -> s.mainPort()).map(p -> new Endpoint("http", service + "." + app + ".internal", p.port()));
  }

  @Override
  public Optional<ResourceEndpoint> resource(String app, String resource) {
    return manifest
        .resource(resource)
        .flatMap(r -> ResourceKind.of(r.type()))
        .map(k -> k.at(resource + "." + app + ".internal", k.defaultPort(), MASKED));
  }
}
