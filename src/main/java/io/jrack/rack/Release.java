package io.jrack.rack;

import java.time.Instant;
import java.util.Map;

/**
 * An immutable pairing of a build and an environment. {@code status} is {@code created},
 * {@code active}, {@code superseded} or {@code failed}; {@code description} says why it exists
 * ({@code env add:FOO}, {@code build B123}) and, for a failed promote, why it failed.
 */
public record Release(
    String id, String app, String build, Map<String, String> env, String manifest, Instant created,
    String status, String description) {
}
