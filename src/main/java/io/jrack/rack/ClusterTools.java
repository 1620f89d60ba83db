package io.jrack.rack;

import java.util.Map;

/**
 * The local commands that need the Kubernetes model ({@code convox kubernetes render}, {@code convox
 * rack install kubernetes --dry-run}). Found through {@link java.util.ServiceLoader}, so the CLI
 * does not load fabric8 unless one of them runs.
 */
public interface ClusterTools {

  /**
   * What to render: an app's manifest text, its name, rack and parameters, app env, the ids to use,
   * and the password of each resource the rack would run (a random one for any not given).
   */
  record RenderRequest(String manifest, String app, String rack, Map<String, String> params, Map<String, String> env, String release, String build,
      Map<String, String> resourcePasswords) {}

  /**
   * Every object a deploy of the app would apply, as multi-document YAML. Throws
   * {@link IllegalArgumentException} with the reason (an invalid manifest, an unresolvable link).
   */
  String render(RenderRequest request);

  /** The objects that run the rack itself in a cluster, as multi-document YAML. */
  String install(String rack, String image, String storage);
}
