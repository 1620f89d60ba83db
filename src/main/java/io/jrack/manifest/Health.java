package io.jrack.manifest;

/** How the rack decides a process is healthy. Times are in seconds. */
public record Health(String path, int grace, int interval, int timeout, boolean disabled) {
  public static final int DEFAULT_INTERVAL = 5;
  public static final Health DEFAULT = new Health("/", DEFAULT_INTERVAL, DEFAULT_INTERVAL, DEFAULT_INTERVAL - 1, false);
}
