package io.jrack.manifest;

import java.util.Map;

/** Where a service's code is built from: a directory, the Dockerfile in it, and build args. */
public record Build(String path, String manifest, Map<String, String> args) {
  public static final String DEFAULT_MANIFEST = "Dockerfile";
  public static final Build DEFAULT = new Build(".", DEFAULT_MANIFEST, Map.of());
}
