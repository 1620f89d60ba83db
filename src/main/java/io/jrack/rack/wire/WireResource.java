package io.jrack.rack.wire;

import io.jrack.rack.ResourceInfo;
import java.time.Instant;

/** structs.Resource ({@code name}, {@code type}, {@code url}, {@code status}); {@code version}, {@code restarts}, {@code started} are ours, extra. */
public record WireResource(String name, String type, String url, String status, String version, int restarts, Instant started) {

  public static WireResource of(ResourceInfo r) {
    return new WireResource(r.name(), r.type(), r.url(), r.status(), r.version(), r.restarts(), r.started());
  }

  public ResourceInfo toResource() {
    return new ResourceInfo(name, type, url, status, version, restarts, started);
  }

  @Override
  public String toString() {
    return "WireResource[" + toResource() + "]";
  }
}
