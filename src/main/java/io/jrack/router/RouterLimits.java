package io.jrack.router;

import java.time.Duration;

/** Limits and timeouts of the router; the defaults are what a public listener needs. */
public record RouterLimits(
    int maxInitialLineLength,
    int maxHeaderSize,
    long maxBodySize,
    Duration idleTimeout,
    Duration headerTimeout,
    Duration connectTimeout,
    Duration responseTimeout) {

  public static final RouterLimits DEFAULT =
      new RouterLimits(8192, 16384, 0, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(60));
}
