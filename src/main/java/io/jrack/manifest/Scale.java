package io.jrack.manifest;

import java.util.List;
import java.util.Map;

/**
 * How many processes a service runs ({@code count} between {@code min} and {@code max}) and the
 * resources each one gets. {@code gpu} is 0 when none is asked for.
 *
 * <p>{@code declaredMin} and {@code declaredMax} are v3's {@code scale.min} and {@code scale.max}
 * as written (null when absent); the count range is derived from them when no {@code count} is
 * given. {@code cooldown} is gen2's autoscaling cooldown (null in v3, which has no such field).
 * {@code autoscale} and {@code keda} are null when their block is absent.
 */
public record Scale(
    int min,
    int max,
    int cpu,
    int memory,
    int gpu,
    String gpuVendor,
    Integer declaredMin,
    Integer declaredMax,
    Cooldown cooldown,
    Targets targets,
    Autoscale autoscale,
    Keda keda) {
  public static final int DEFAULT_MEMORY = 512;

  /** A scale with only a count range and resources; no autoscaling of any kind. */
  public Scale(int min, int max, int cpu, int memory, int gpu, String gpuVendor) {
    this(min, max, cpu, memory, gpu, gpuVendor, null, null, null, Targets.NONE, null, null);
  }

  /** The number of processes to start: the lower end of the range. */
  public int count() {
    return min;
  }

  /** True when the v3 {@code autoscale} block asks for at least one trigger. */
  public boolean autoscaleEnabled() {
    return autoscale != null && autoscale.enabled();
  }

  /** True when {@code keda} declares at least one trigger. */
  public boolean kedaEnabled() {
    return keda != null && !keda.triggers().isEmpty();
  }

  /** Gen2 autoscaling cooldowns, in seconds. */
  public record Cooldown(int down, int up) {
    public static final Cooldown DEFAULT = new Cooldown(60, 60);
  }

  /**
   * Autoscaling targets; 0 means no target. {@code custom} are gen2's CloudWatch metrics;
   * {@code external} keeps v3's external metrics ({@code name}, {@code averageValue}...) as plain maps.
   */
  public record Targets(int cpu, int memory, int requests, List<Metric> custom, List<Object> external) {
    public static final Targets NONE = new Targets(0, 0, 0, List.of(), List.of());
  }

  /**
   * A custom CloudWatch target. The key {@code AWS/SQS/ApproximateNumberOfMessagesVisible} is split
   * at its last {@code /} into {@code namespace} and {@code name}.
   */
  public record Metric(String namespace, String name, String aggregate, double value, Map<String, String> dimensions) {}
}
