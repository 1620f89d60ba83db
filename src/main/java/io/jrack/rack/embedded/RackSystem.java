package io.jrack.rack.embedded;

import io.jrack.rack.InstanceInfo;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Release;
import io.jrack.rack.ThisMachine;
import io.jrack.rack.wire.ConvoxVersion;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The rack-level views Convox has for a cluster, on one machine: its one instance ({@code convox
 * instances}), the rack's own processes ({@code convox rack ps}: the rack is one process, the JVM that
 * serves the API and the router and supervises the apps) and its releases ({@code convox rack
 * releases}: the version running, since the rack started).
 */
final class RackSystem {
  private final RackConfig config;
  /** How many processes of apps run now. */
  private final IntSupplier appProcesses;

  RackSystem(RackConfig config, IntSupplier appProcesses) {
    this.config = config;
    this.appProcesses = appProcesses;
  }

  List<InstanceInfo> instances() {
    // The rack's own process runs there too, as Convox's agents count theirs.
    return List.of(ThisMachine.instance(appProcesses.getAsInt() + 1));
  }

  List<ProcessInfo> processes() {
    ProcessHandle self = ProcessHandle.current();
    return List.of(new ProcessInfo("rack-" + self.pid(), config.name(), "rack", "running", ConvoxVersion.PROTOCOL, started(), command(self),
        "127.0.0.1", 0));
  }

  List<Release> releases() {
    return List.of(new Release(ConvoxVersion.PROTOCOL, config.name(), null, Map.of(), null, started(), "active",
        "jrack " + config.version() + ", rack " + config.name()));
  }

  private static Instant started() {
    return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /** What the rack was started as: {@code jrack ARGS} from a jar, else the JVM's command. */
  private static String command(ProcessHandle self) {
    String[] args = self.info().arguments().orElse(new String[0]);
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("-jar")) {
        return "jrack " + String.join(" ", java.util.Arrays.asList(args).subList(i + 2, args.length)).strip();
      }
    }
    return self.info().command().orElse("java");
  }
}
