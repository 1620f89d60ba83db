package io.jrack.rack.wire;

import io.jrack.rack.App;
import java.time.Instant;
import java.util.Map;

/**
 * structs.App: {@code generation} is always 2 (a convox.yml app); {@code created} and {@code reason} (why
 * the app is {@code degraded}) are ours, extra: Convox's App has no such fields, and its clients skip them.
 */
public record WireApp(String generation, boolean locked, String name, String release, String router, String status,
    Map<String, String> parameters, Instant created, String reason) {

  public static WireApp of(App a) {
    return new WireApp("2", false, a.name(), a.release(), null, a.status(), Map.of(), a.created(), a.reason());
  }

  public App toApp() {
    return new App(name, status, release, created, reason);
  }
}
