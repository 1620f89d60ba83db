package io.jrack.cli;

import io.jrack.rack.LogOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code convox logs}: an app's log lines since a while ago, following new ones unless {@code --no-follow}. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Get logs for an app.")
final class LogsCommand extends RackCall.ForApp {
  @Mixin
  LogFlags flags;

  @Override
  void run() {
    PrintWriter out = out();
    // The options first: a bad --since is said before any rack is looked for.
    LogOptions options = flags.options();
    rack().logs(app(), options, line -> flags.print(out, line));
  }
}
