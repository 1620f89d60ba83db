package io.jrack.rack.embedded;

/**
 * How much of an app's output the rack keeps and passes on. {@code fileBytes}: the log file is
 * rotated before a line would take it past this (one previous file is kept, so an app's logs take
 * at most twice this on disk). {@code bytesPerSecond} and {@code burstBytes}: the rate an app may log
 * at, on average and in a burst; lines over it are dropped and counted. {@code followerQueueBytes}:
 * how far a follower may fall behind before lines are dropped for it (and counted).
 */
public record LogLimits(long fileBytes, long bytesPerSecond, long burstBytes, long followerQueueBytes) {
  /** 16 MiB files; 1 MiB/s, bursts of 8 MiB; a follower may lag 1 MiB. */
  public static final LogLimits DEFAULT = new LogLimits(16L << 20, 1L << 20, 8L << 20, 1L << 20);
}
