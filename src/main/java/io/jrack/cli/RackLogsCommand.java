package io.jrack.cli;

import io.jrack.rack.LogOptions;
import io.jrack.sdk.RackClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code convox rack logs}: the rack's own lines ({@code system/rack/APP ...}) of every app, as {@code convox logs} prints an app's. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Get logs for the rack.")
final class RackLogsCommand extends RackCall {
  @Mixin
  LogFlags flags;

  @Override
  void run() {
    PrintWriter out = out();
    // The options first, as convox logs does: a bad --since is said before any rack is looked for.
    LogOptions options = flags.options();
    RackClient.of(context().address()).systemLogs(options, line -> flags.print(out, line));
  }
}
