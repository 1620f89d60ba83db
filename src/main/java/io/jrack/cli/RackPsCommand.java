package io.jrack.cli;

import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Release;
import io.jrack.rack.wire.WireProcess;
import picocli.CommandLine.Command;

/** {@code convox rack ps}: the rack's own processes, in Convox's columns. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List rack processes.")
final class RackPsCommand extends RackCall {
  @Override
  void run() {
    Table t = Table.of("ID", "APP", "SERVICE", "STATUS", "RELEASE", "STARTED", "COMMAND");
    for (ProcessInfo p : rack().systemProcesses()) {
      t.row(p.id(), p.app(), p.service(), WireProcess.of(p).status(), p.release(), Ago.of(p.started()), p.command());
    }
    t.print(out());
  }

  /** {@code convox rack releases}: the rack's versions, in Convox's columns. */
  @Command(name = "releases", mixinStandardHelpOptions = true, description = "List rack version history.")
  static final class Releases extends RackCall {
    @Override
    void run() {
      Table t = Table.of("VERSION", "UPDATED");
      for (Release r : rack().systemReleases()) {
        t.row(r.id(), Ago.of(r.created()));
      }
      t.print(out());
    }
  }
}
