package io.jrack.manifest;

/**
 * How many processes a service runs ({@code count} between {@code min} and {@code max}) and the
 * resources each one gets. {@code gpu} is 0 when none is asked for.
 */
public record Scale(int min, int max, int cpu, int memory, int gpu, String gpuVendor) {
  public static final int DEFAULT_MEMORY = 512;

  /** The number of processes to start: the lower end of the range. */
  public int count() {
    return min;
  }
}
