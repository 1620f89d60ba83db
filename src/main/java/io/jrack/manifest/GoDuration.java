package io.jrack.manifest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Go's duration strings ({@code 30s}, {@code 10m}, {@code 2h30m}, {@code 1.5h}, {@code 300ms},
 * {@code -2m}), read as Go's {@code time.ParseDuration} reads them, with its error messages: every
 * number needs a unit, except a lone {@code 0}. The one parser for manifests and CLI flags alike.
 */
public final class GoDuration {
  private GoDuration() {}

  private static final Map<String, Long> UNITS = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** Longer texts are refused before any number is read: a megabyte of digits is no duration. */
  private static final int MAX_LENGTH = 100;

  /** The duration, or empty when Go would refuse the text. */
  public static Optional<Duration> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The duration; an {@link IllegalArgumentException} with Go's message when Go would refuse the text. */
  public static Duration parse(String text) {
    String orig = text == null ? "" : text;
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      throw invalid(orig);
    }
    BigInteger total = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(c == '.' || isDigit(c))) {
        throw invalid(orig);
      }
      int start = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      boolean pre = i > start;
      boolean post = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fracStart = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        post = i > fracStart;
      }
      if (!pre && !post) {
        throw invalid(orig);
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !(s.charAt(i) == '.' || isDigit(s.charAt(i)))) {
        i++;
      }
      if (i == unitStart) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
      }
      String unit = s.substring(unitStart, i);
      Long nanos = UNITS.get(unit);
      if (nanos == null) {
        throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(orig));
      }
      BigDecimal value = new BigDecimal(number.endsWith(".") ? number + "0" : number.startsWith(".") ? "0" + number : number);
      total = total.add(value.multiply(BigDecimal.valueOf(nanos)).toBigInteger());
      if (total.compareTo(MAX.add(BigInteger.ONE)) > 0) {
        throw invalid(orig);
      }
    }
    if (!neg && total.compareTo(MAX) > 0) {
      throw invalid(orig);
    }
    long n = total.compareTo(MAX) > 0 ? Long.MIN_VALUE : neg ? -total.longValueExact() : total.longValueExact();
    return Duration.ofNanos(n);
  }

  /**
   * {@code d} as Go's {@code Duration.String()} writes it ({@code 2m0s}, {@code 1h0m0s}), which is
   * how the Convox client sends a duration in a header; whole seconds and above only, as log
   * {@code Since} values are.
   */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0s";
    }
    String sign = s < 0 ? "-" : "";
    s = Math.abs(s);
    long h = s / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    return sign + (h > 0 ? h + "h" + m + "m" : m > 0 ? m + "m" : "") + sec + "s";
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String orig) {
    return new IllegalArgumentException("time: invalid duration " + quote(orig));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
