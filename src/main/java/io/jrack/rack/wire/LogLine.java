package io.jrack.rack.wire;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * A log line in Convox's shape, {@code <RFC 3339 time> <source> <text>}: the time to the second, as
 * Convox prints it, and a service process's source as {@code service/<service>/<process-id>}
 * (provider/k8s process.go); {@code system/...} and {@code resource/...} sources stay as they are.
 */
public final class LogLine {
  private LogLine() {}

  /** {@code line} ({@code <ISO time> <source> <text>}) in Convox's shape; a line of another shape unchanged. */
  public static String convox(String line) {
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (second < 0) {
      return line;
    }
    String time;
    try {
      time = Instant.parse(line.substring(0, first)).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return line;
    }
    String source = line.substring(first + 1, second);
    boolean serviceProcess = source.indexOf('/') > 0 && source.indexOf('/') == source.lastIndexOf('/')
        && !source.startsWith("system/") && !source.startsWith("resource/") && !source.startsWith("build/");
    return time + " " + (serviceProcess ? "service/" + source : source) + line.substring(second);
  }
}
