package io.jrack.rack.wire;

import io.jrack.rack.App;
import java.time.Instant;
import java.util.Map;

/** structs.App: {@code generation} is always 2 (a convox.yml app); {@code created} is ours, extra. */
public record WireApp(String generation, boolean locked, String name, String release, String router, String status,
    Map<String, String> parameters, Instant created) {

  public static WireApp of(App a) {
    return new WireApp("2", false, a.name(), a.release(), null, a.status(), Map.of(), a.created());
  }

  public App toApp() {
    return new App(name, status, release, created);
  }
}
