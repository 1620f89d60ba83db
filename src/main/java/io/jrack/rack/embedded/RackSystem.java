package io.jrack.rack.embedded;

import io.jrack.rack.InstanceInfo;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.SystemInfo;
import io.jrack.rack.ThisMachine;
import io.jrack.rack.wire.ConvoxVersion;
import io.jrack.runtime.Routing;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The rack-level views Convox has for a cluster, on one machine: its one instance ({@code convox
 * instances}), the rack's own processes ({@code convox rack ps}: the rack is one process, the JVM that
 * serves the API and the router and supervises the apps) and its releases ({@code convox rack
 * releases}: the version running, since the rack started), and the rack itself ({@code convox rack}:
 * its parameters and the router's figures; {@code convox rack ca}: its certificate authority).
 */
final class RackSystem {
  private final RackConfig config;
  /** How many processes of apps run now. */
  private final IntSupplier appProcesses;
  private final Supplier<String> runtimeName;
  private final Supplier<Map<String, String>> params;
  /** The router, for its figures ({@code convox rack}'s outputs); null when the runtime routes elsewhere. */
  private final Routing routing;

  RackSystem(RackConfig config, IntSupplier appProcesses, Supplier<String> runtimeName, Supplier<Map<String, String>> params, Routing routing) {
    this.config = config;
    this.appProcesses = appProcesses;
    this.runtimeName = runtimeName;
    this.params = params;
    this.routing = routing;
  }

  SystemInfo info() {
    Map<String, String> p = params.get();
    Map<String, String> outputs = routing == null ? Map.of() : Map.of("RouterUnexpectedErrors", Long.toString(routing.unexpectedErrors()));
    return new SystemInfo(config.name(), runtimeName.get(), p.get("RouterHost"), "running", config.version(), p, outputs);
  }

  /** The rack's CA certificate, which clients trust to reach apps over HTTPS. */
  String certificate() {
    try {
      return Files.readString(config.dir().resolve("tls").resolve("ca.pem"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "the rack has no certificate authority yet");
    }
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
