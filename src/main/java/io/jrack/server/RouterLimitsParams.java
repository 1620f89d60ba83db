package io.jrack.server;

import io.jrack.router.RouterLimits;
import java.time.Duration;
import java.util.Map;

/** The router's limits from rack parameters (already validated by the rack). */
final class RouterLimitsParams {
  private RouterLimitsParams() {}

  static RouterLimits from(Map<String, String> p) {
    RouterLimits d = RouterLimits.DEFAULT;
    return new RouterLimits(
        d.maxInitialLineLength(),
        d.maxHeaderSize(),
        Long.parseLong(p.getOrDefault("RouterMaxBodySize", "0")) * 1024 * 1024,
        Duration.ofSeconds(Long.parseLong(p.getOrDefault("RouterIdleTimeout", "60"))),
        Duration.ofSeconds(Long.parseLong(p.getOrDefault("RouterHeaderTimeout", "10"))),
        d.connectTimeout(),
        Duration.ofSeconds(Long.parseLong(p.getOrDefault("RouterResponseTimeout", "60"))));
  }
}
