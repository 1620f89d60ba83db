package io.jrack.cli;

import io.jrack.sdk.RackClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convox rack logs}: the rack's own lines ({@code system/rack/APP ...}) of every app, as {@code convox logs} prints an app's. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Get logs for the rack.")
final class RackLogsCommand extends RackCall {
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
    RackClient.of(context().address()).systemLogs(LogsCommand.options(since, noFollow), line -> LogsCommand.print(out, filter, line));
  }
}
