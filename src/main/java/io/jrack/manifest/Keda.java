package io.jrack.manifest;

import java.util.List;
import java.util.Map;

/** v3 {@code scale.keda}: raw KEDA triggers, separate from {@link Autoscale}. */
public record Keda(List<Trigger> triggers) {

  /** A KEDA trigger: its scaler type and the scaler's metadata. */
  public record Trigger(String type, Map<String, String> metadata, Position position) {}
}
