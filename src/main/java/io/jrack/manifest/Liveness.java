package io.jrack.manifest;

/**
 * v3 {@code liveness}: the probe that restarts a stuck process. It is only active with a
 * {@code path}; then the timings default to grace 10, interval 5, timeout 5, successThreshold 1,
 * failureThreshold 3. Without a path, the values are as written (0 when absent). {@code port} is
 * null when not written (the main port); its scheme is null when not written. {@code grpcService}
 * is the service name a gRPC liveness probe asks about, null when not written.
 */
public record Liveness(
    String path, Port port, int grace, int interval, int timeout, int successThreshold, int failureThreshold, String grpcService) {
  public static final Liveness NONE = new Liveness(null, null, 0, 0, 0, 0, 0, null);

  public boolean enabled() {
    return path != null && !path.isEmpty();
  }
}
