package io.jrack.manifest;

import java.util.List;

/**
 * v3 {@code scale.autoscale}: the KEDA triggers Convox generates. Each trigger is null when not
 * written; {@code custom} keeps user-written triggers as plain maps. {@code cooldownPeriod} and
 * {@code pollingInterval} (seconds) are null when not written.
 */
public record Autoscale(
    Trigger cpu,
    Trigger memory,
    Trigger gpuUtilization,
    Trigger queueDepth,
    List<Object> custom,
    Integer cooldownPeriod,
    Integer pollingInterval) {

  public static final String MODE_THRESHOLD = "threshold";
  public static final String MODE_QUEUE = "queue";

  /** True when at least one trigger is declared; an empty block enables nothing. */
  public boolean enabled() {
    return cpu != null || memory != null || gpuUtilization != null || queueDepth != null || !custom.isEmpty();
  }

  /**
   * One trigger. {@code mode} is derived, never written: {@code queue} for {@code queueDepth},
   * {@code threshold} for the others. {@code metricName} and {@code prometheusUrl} are null unless
   * written.
   */
  public record Trigger(double threshold, String mode, String metricName, String prometheusUrl) {}
}
