package io.jrack.manifest;

/**
 * How the rack decides a process is healthy. Times are in seconds. {@code port} is v3's
 * {@code health.port}, null when not written (the main port); its scheme is null when only a
 * number was written (the main port's scheme).
 */
public record Health(String path, int grace, int interval, int timeout, boolean disabled, Port port) {
  public static final int DEFAULT_INTERVAL = 5;
  public static final Health DEFAULT = new Health("/", DEFAULT_INTERVAL, DEFAULT_INTERVAL, DEFAULT_INTERVAL - 1, false);

  public Health(String path, int grace, int interval, int timeout, boolean disabled) {
    this(path, grace, interval, timeout, disabled, null);
  }
}
