package io.jrack.manifest;

/**
 * v3 {@code startupProbe}, with its derived values: an HTTP check on {@code path} or a TCP check
 * on {@code tcpSocketPort} (null when not set). A timing left at 0 takes the liveness timing. A
 * GPU service with a main port and no probe of its own gets a TCP probe on the main port, with the
 * liveness timings when liveness is configured and otherwise grace 300, interval 10, timeout 5,
 * successThreshold 1 and failureThreshold 180 (model loading is slow).
 */
public record StartupProbe(String path, String tcpSocketPort, int grace, int interval, int timeout, int successThreshold, int failureThreshold) {
  public static final StartupProbe NONE = new StartupProbe(null, null, 0, 0, 0, 0, 0);

  /** The defaults of the automatic GPU startup probe. */
  public static final StartupProbe GPU_DEFAULTS = new StartupProbe(null, null, 300, 10, 5, 1, 180);

  public boolean enabled() {
    return (path != null && !path.isEmpty()) || (tcpSocketPort != null && !tcpSocketPort.isEmpty());
  }
}
