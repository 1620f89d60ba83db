package io.jrack.rack.wire;

import io.jrack.rack.Release;
import java.time.Instant;

/**
 * structs.Release: {@code env} is the {@link EnvText} of the release's environment, a string (a
 * Convox client fails to decode an object there). {@code status} is ours, extra: Convox derives
 * "active" from the app's release.
 */
public record WireRelease(String id, String app, String build, String env, String manifest, String description,
    Instant created, String status) {

  public static WireRelease of(Release r) {
    return new WireRelease(r.id(), r.app(), r.build(), EnvText.format(r.env() == null ? java.util.Map.of() : r.env()),
        r.manifest(), r.description(), r.created(), r.status());
  }

  public Release toRelease() {
    return new Release(id, app, build, EnvText.parse(env), manifest, created, status, description);
  }
}
