package io.jrack.server;

import io.jrack.router.RouterLimits;
import java.time.Duration;
import java.util.Map;

/** The router's limits from rack parameters (already validated by the rack); one not set keeps the router's default. */
final class RouterLimitsParams {
  private static final long MB = 1024 * 1024;

  private RouterLimitsParams() {}

  static RouterLimits from(Map<String, String> p) {
    RouterLimits d = RouterLimits.DEFAULT;
    return new RouterLimits(
        d.maxInitialLineLength(),
        d.maxHeaderSize(),
        p.containsKey("RouterMaxBodySize") ? Long.parseLong(p.get("RouterMaxBodySize")) * MB : d.maxBodySize(),
        seconds(p, "RouterIdleTimeout", d.idleTimeout()),
        seconds(p, "RouterHeaderTimeout", d.headerTimeout()),
        d.connectTimeout(),
        seconds(p, "RouterResponseTimeout", d.responseTimeout()));
  }

  private static Duration seconds(Map<String, String> p, String name, Duration otherwise) {
    String v = p.get(name);
    return v == null ? otherwise : Duration.ofSeconds(Long.parseLong(v));
  }
}
