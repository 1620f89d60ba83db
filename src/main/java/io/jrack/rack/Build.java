package io.jrack.rack;

import java.time.Instant;

/**
 * A build of an app's source: {@code status} is {@code running}, {@code complete} or {@code failed};
 * {@code release} is the release it created; {@code logs} says what happened, errors included.
 */
public record Build(
    String id, String app, String status, String release, String description, String manifest,
    Instant started, Instant ended, String logs) {}
