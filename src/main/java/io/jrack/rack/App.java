package io.jrack.rack;

import java.time.Instant;

/**
 * An app: its name, status ({@code running}, {@code updating}, {@code deleting}, or {@code degraded}
 * when its active release cannot run or its processes crash again and again) and active release;
 * {@code reason} says why it is degraded (null otherwise).
 */
public record App(String name, String status, String release, Instant created, String reason) {

  /** An app with nothing to explain. */
  public App(String name, String status, String release, Instant created) {
    this(name, status, release, created, null);
  }
}
