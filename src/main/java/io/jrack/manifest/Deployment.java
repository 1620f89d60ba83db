package io.jrack.manifest;

/**
 * Rolling deploy bounds, in percent of the desired count: at least {@code minimum} must stay
 * healthy and at most {@code maximum} may run at once.
 */
public record Deployment(int minimum, int maximum) {
  public static final Deployment DEFAULT = new Deployment(50, 200);
  /** Agents and singletons never run two at once. */
  public static final Deployment SINGLE = new Deployment(0, 100);
}
