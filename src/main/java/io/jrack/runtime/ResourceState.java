package io.jrack.runtime;

import java.time.Instant;

/**
 * How a resource's server is doing, as {@code convox resources info} shows it: {@code running},
 * {@code starting}, {@code unhealthy}, {@code crashed} or {@code stopped}, the server's version,
 * and how often it has been restarted.
 */
public record ResourceState(String name, String status, String version, int restarts, Instant started) {}
