package io.jrack.rack.wire;

import io.jrack.rack.Build;
import java.time.Instant;

/** structs.Build, the fields a Convox client reads ({@code git-sha} and {@code wildcard-domain} are not kept). */
public record WireBuild(String id, String app, String description, String entrypoint, String logs, String manifest,
    String process, String release, String reason, String status, Instant started, Instant ended) {

  public static WireBuild of(Build b) {
    return new WireBuild(b.id(), b.app(), b.description(), null, b.logs(), b.manifest(), null, b.release(), null, b.status(),
        b.started(), b.ended());
  }

  public Build toBuild() {
    return new Build(id, app, status, release, description, manifest, started, ended, logs);
  }
}
