package io.jrack.rack;

import java.time.Duration;

/**
 * Which log lines to stream: from {@code since} ago (null, or one reaching before 1970: all kept),
 * and whether to keep following.
 */
public record LogOptions(Duration since, boolean follow) {
  public static final LogOptions ALL = new LogOptions(null, false);

  public LogOptions {
    if (since != null && since.isNegative()) {
      throw new IllegalArgumentException("since: %s (expected: a duration that is not negative)".formatted(since));
    }
  }
}
