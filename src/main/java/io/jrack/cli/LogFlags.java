package io.jrack.cli;

import io.jrack.manifest.GoDuration;
import io.jrack.rack.LogOptions;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags {@code convox logs} and {@code convox rack logs} share, as Convox's two commands do. */
final class LogFlags {
  @Option(names = "--no-follow", description = "Stop at the end of what is logged so far.")
  boolean noFollow;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "2m",
      description = "Show logs since a duration ago, e.g. 30s, 10m or 1h2m10s (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--filter", paramLabel = "TEXT", description = "Only the lines containing TEXT.")
  String filter;

  /** The options of {@code --since} and {@code --no-follow}; a bad duration is the user's error. */
  LogOptions options() {
    Duration d;
    try {
      d = GoDuration.parse(since);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    if (d.isNegative()) {
      throw new UserError("--since must not be negative: " + since);
    }
    return new LogOptions(d, !noFollow);
  }

  void print(PrintWriter out, String line) {
    // Filtered here, not by the rack's Filter header, so that it works the same on an embedded rack.
    if (filter == null || line.contains(filter)) {
      out.println(line);
      out.flush();
    }
  }
}
