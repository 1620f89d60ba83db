package io.jrack.rack;

import java.time.Duration;

/** Which log lines to stream: from {@code since} ago (null: all kept), and whether to keep following. */
public record LogOptions(Duration since, boolean follow) {
  public static final LogOptions ALL = new LogOptions(null, false);
}
