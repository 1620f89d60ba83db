package io.jrack.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes that name a host another app serves already: refused, since taking it would silently cut
 * that app off. The message says each host and its app, one a line
 * ({@code domain shop.example.com: already served by app b}).
 */
public final class HostConflictException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> taken;

  HostConflictException(Map<String, String> taken) {
    super(String.join("\n", lines(taken)));
    this.taken = Collections.unmodifiableMap(new LinkedHashMap<>(taken));
  }

  /** Each host asked for, and the app that serves it. */
  public Map<String, String> taken() {
    return taken;
  }

  /** One line per host: {@code domain shop.example.com: already served by app b}. */
  static List<String> lines(Map<String, String> taken) {
    return taken.entrySet().stream().map(e -> "domain " + e.getKey() + ": already served by app " + e.getValue()).toList();
  }
}
