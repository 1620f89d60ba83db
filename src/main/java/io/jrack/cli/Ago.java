package io.jrack.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * Times as Convox prints them: {@code 5 seconds ago}, {@code 2 minutes ago} (go-humanize's
 * {@code Time}, which Convox's {@code common.Ago} uses), and elapsed times as {@code 1m13s}
 * ({@code common.Duration}).
 */
final class Ago {
  private Ago() {}

  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;
  private static final long MONTH = 30 * DAY;
  private static final long YEAR = 12 * MONTH;
  private static final long LONG_TIME = 37 * YEAR;

  /** go-humanize's magnitudes: below {@code limit}, print {@code format} with the difference / {@code divBy}. */
  private record Magnitude(long limit, String format, long divBy) {}

  private static final Magnitude[] MAGNITUDES = {
    new Magnitude(SECOND, "now", SECOND),
    new Magnitude(2 * SECOND, "1 second %s", 1),
    new Magnitude(MINUTE, "%d seconds %s", SECOND),
    new Magnitude(2 * MINUTE, "1 minute %s", 1),
    new Magnitude(HOUR, "%d minutes %s", MINUTE),
    new Magnitude(2 * HOUR, "1 hour %s", 1),
    new Magnitude(DAY, "%d hours %s", HOUR),
    new Magnitude(2 * DAY, "1 day %s", 1),
    new Magnitude(WEEK, "%d days %s", DAY),
    new Magnitude(2 * WEEK, "1 week %s", 1),
    new Magnitude(MONTH, "%d weeks %s", WEEK),
    new Magnitude(2 * MONTH, "1 month %s", 1),
    new Magnitude(YEAR, "%d months %s", MONTH),
    new Magnitude(18 * MONTH, "1 year %s", 1),
    new Magnitude(2 * YEAR, "2 years %s", 1),
    new Magnitude(LONG_TIME, "%d years %s", YEAR),
    new Magnitude(Long.MAX_VALUE, "a long while %s", 1),
  };

  /** {@code then} relative to now; empty for no time. */
  static String of(Instant then) {
    return of(then, Instant.now());
  }

  static String of(Instant then, Instant now) {
    if (then == null) {
      return "";
    }
    String label = "ago";
    long diff = saturatedNanos(then, now);
    if (then.isAfter(now)) {
      label = "from now";
      diff = saturatedNanos(now, then);
    }
    Magnitude m = MAGNITUDES[MAGNITUDES.length - 1];
    for (Magnitude candidate : MAGNITUDES) {
      if (candidate.limit > diff) {
        m = candidate;
        break;
      }
    }
    String out = m.format.replace("%s", label);
    return out.contains("%d") ? out.replace("%d", Long.toString(diff / m.divBy)) : out;
  }

  /** Convox's elapsed time: {@code 42s}, {@code 3m7s}; empty while not ended. */
  static String elapsed(Instant start, Instant end) {
    if (end == null || start == null) {
      return "";
    }
    long total = Math.max(0, Duration.between(start, end).getSeconds());
    long min = total / 60;
    return (min >= 1 ? min + "m" : "") + (total % 60) + "s";
  }

  private static long saturatedNanos(Instant from, Instant to) {
    try {
      return Duration.between(from, to).toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
