package io.jrack.manifest;

import java.util.List;
import java.util.Map;

/**
 * v3 {@code scale.keda}: raw KEDA triggers, separate from {@link Autoscale}. {@code options} keeps
 * the ScaledObject settings ({@code pollingInterval}, {@code cooldownPeriod}, {@code fallback}...)
 * as plain values.
 */
public record Keda(List<Trigger> triggers, Map<String, Object> options) {

  /**
   * A KEDA trigger: its scaler type and the scaler's metadata; {@code options} keeps the other keys
   * ({@code name}, {@code authenticationRef}, {@code metricType}...) as plain values.
   */
  public record Trigger(String type, Map<String, String> metadata, Map<String, Object> options, Position position) {}
}
