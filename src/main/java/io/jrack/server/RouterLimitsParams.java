package io.jrack.server;

import io.jrack.router.RouterLimits;
import java.time.Duration;
import java.util.Map;

/** The router's limits from rack parameters (already validated by the rack); one not set keeps the router's default. */
final class RouterLimitsParams {
  private static final long MB = 1024 * 1024;

  private RouterLimitsParams() {}

  /** The rack parameters' defaults: the router's own, in the parameters' units. */
  static Map<String, String> defaults() {
    RouterLimits d = RouterLimits.DEFAULT;
    return Map.of(
        "RouterHeaderTimeout", Long.toString(d.headerTimeout().toSeconds()),
        "RouterIdleTimeout", Long.toString(d.idleTimeout().toSeconds()),
        "RouterResponseTimeout", Long.toString(d.responseTimeout().toSeconds()),
        "RouterMaxBodySize", Long.toString(d.maxBodySize() / MB));
  }

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
