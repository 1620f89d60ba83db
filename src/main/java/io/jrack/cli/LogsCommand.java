package io.jrack.cli;

import io.jrack.manifest.GoDuration;
import io.jrack.rack.LogOptions;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convox logs}: an app's log lines since a while ago, following new ones unless {@code --no-follow}. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Get logs for an app.")
final class LogsCommand extends RackCall.ForApp {
  @Option(names = "--no-follow", description = "Stop at the end of what is logged so far.")
  boolean noFollow;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "2m",
      description = "Show logs since a duration ago, e.g. 30s, 10m or 1h2m10s (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--filter", paramLabel = "TEXT", description = "Only the lines containing TEXT.")
  String filter;

  @Override
  void run() {
    PrintWriter out = out();
    // The options first: a bad --since is said before any rack is looked for.
    LogOptions options = options(since, noFollow);
    rack().logs(app(), options, line -> print(out, filter, line));
  }

  /** The options of {@code --since} and {@code --no-follow}; a bad duration is the user's error. */
  static LogOptions options(String since, boolean noFollow) {
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

  static void print(PrintWriter out, String filter, String line) {
    // Filtered here, not by the rack's Filter header, so that it works the same on an embedded rack.
    if (filter == null || line.contains(filter)) {
      out.println(line);
      out.flush();
    }
  }
}
