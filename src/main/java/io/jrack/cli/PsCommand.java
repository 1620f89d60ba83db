package io.jrack.cli;

import io.jrack.rack.ProcessInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code convox ps}: an app's processes; {@code ps stop ID} stops one (its service starts another). */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List app processes.",
    subcommands = {PsCommand.Stop.class})
final class PsCommand extends RackCall.ForApp {

  @Override
  void run() {
    Table t = Table.of("ID", "SERVICE", "STATUS", "RELEASE", "STARTED", "COMMAND");
    for (ProcessInfo p : rack().processList(app())) {
      t.row(p.id(), p.service(), p.status(), p.release(), Ago.of(p.started()), p.command());
    }
    t.print(out());
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a process.")
  static final class Stop extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "PID", description = "The process.")
    String id;

    @Override
    void run() {
      String app = app();
      start("Stopping " + id);
      rack().processStop(app, id);
      ok();
    }
  }
}
