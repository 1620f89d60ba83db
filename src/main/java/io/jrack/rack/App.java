package io.jrack.rack;

import java.time.Instant;

/**
 * An app: its name, status ({@code running}, {@code updating}, {@code deleting}, or {@code degraded}
 * when its active release cannot run and the rack is retrying it) and active release.
 */
public record App(String name, String status, String release, Instant created) {}
