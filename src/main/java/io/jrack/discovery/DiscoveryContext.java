package io.jrack.discovery;

import io.jrack.manifest.Manifest;
import java.util.Map;

/** Everything service discovery reads for one app release. */
public record DiscoveryContext(
    RackInfo rack, String app, Manifest manifest, Map<String, String> appEnv, String release, Endpoints endpoints) {

  public DiscoveryContext {
    appEnv = Map.copyOf(appEnv);
  }
}
