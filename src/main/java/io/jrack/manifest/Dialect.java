package io.jrack.manifest;

/**
 * Which Convox generation's defaults apply. Both read the same syntax; they differ in a few
 * defaults (sticky, cpu, init, how a string command is run).
 */
public enum Dialect {
  /** Convox Rack on ECS: sticky true, cpu 256, a string command runs under {@code sh -c}. */
  GEN2,
  /** Convox on Kubernetes: sticky false, cpu 250, init true, timeout 60, tls redirect true. */
  V3;

  /** Keys that exist only in v3; a manifest using any of them gets v3 defaults. */
  static final java.util.Set<String> V3_SERVICE_KEYS =
      java.util.Set.of(
          "annotations",
          "grpcHealthEnabled",
          "nodeSelectorLabels",
          "internalRouter",
          "tls",
          "lifecycle",
          "liveness",
          "startupProbe",
          "securityContext",
          "whitelist",
          "timeout",
          "ingressAnnotations",
          "accessControl",
          "labels",
          "keda",
          "autoscale");

  /**
   * Keys that exist only in Gen2. They do not choose the dialect (Gen2 is the default anyway), but
   * a v3 manifest that uses them is told that Convox v3 would ignore them.
   */
  static final java.util.Set<String> GEN2_SERVICE_KEYS = java.util.Set.of("internalAndExternal");

  static final java.util.Set<String> V3_TOP_KEYS = java.util.Set.of("appSettings", "balancers", "budget", "configs");
}
