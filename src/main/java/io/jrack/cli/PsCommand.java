package io.jrack.cli;

import io.jrack.rack.ProcessInfo;
import io.jrack.rack.wire.WireProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convox ps}: an app's processes, STATUS in Convox's words ({@code running}, {@code pending}...);
 * {@code ps info ID} shows one, with what the rack adds to its status (where it is exposed, its
 * restarts); {@code ps stop ID} stops one (its service starts another).
 */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List app processes.",
    subcommands = {PsCommand.Info.class, PsCommand.Stop.class})
final class PsCommand extends RackCall.ForApp {
  @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "Only the processes of this service.")
  String service;

  @Override
  void run() {
    Table t = Table.of("ID", "SERVICE", "STATUS", "RELEASE", "STARTED", "COMMAND");
    for (ProcessInfo p : rack().processList(app())) {
      if (service == null || service.equals(p.service())) {
        WireProcess w = WireProcess.of(p);
        t.row(p.id(), p.service(), w.status(), p.release(), Ago.of(p.started()), p.command());
      }
    }
    t.print(out());
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Get information about a process.")
  static final class Info extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "PID", description = "The process.")
    String id;

    @Override
    void run() {
      ProcessInfo p = rack().processGet(app(), id);
      WireProcess w = WireProcess.of(p);
      Table.Info info = new Table.Info()
          .add("Id", p.id())
          .add("App", p.app())
          .add("Command", p.command())
          .add("Instance", instance())
          .add("Release", p.release())
          .add("Service", p.service())
          .add("Started", Ago.of(p.started()))
          .add("Status", w.status());
      if (w.detail() != null) {
        info.add("Detail", w.detail());
      }
      info.print(out());
    }

    /** Where it runs: this rack's one instance ({@code convox instances}); every process runs there. */
    private String instance() {
      java.util.List<io.jrack.rack.InstanceInfo> all = rack().instanceList();
      return all.size() == 1 ? all.get(0).id() : "";
    }
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
