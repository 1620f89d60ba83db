package io.jrack.cli;

import io.jrack.rack.InstanceInfo;
import picocli.CommandLine.Command;

/** {@code convox instances}: the machines of the rack (here the one it runs on), in Convox's columns. */
@Command(name = "instances", mixinStandardHelpOptions = true, description = "List instances.")
final class InstancesCommand extends RackCall {
  @Override
  void run() {
    Table t = Table.of("ID", "STATUS", "STARTED", "PS", "CPU", "MEM", "PUBLIC", "PRIVATE");
    for (InstanceInfo i : rack().instanceList()) {
      t.row(i.id(), i.status(), Ago.of(i.started()), Integer.toString(i.processes()), percent(i.cpu()), percent(i.memory()),
          i.publicIp(), i.privateIp());
    }
    t.print(out());
  }

  /** As Convox's helpers.Percent: a fraction as {@code 12.34%}. */
  static String percent(double fraction) {
    return String.format(java.util.Locale.ROOT, "%.2f%%", fraction * 100);
  }
}
