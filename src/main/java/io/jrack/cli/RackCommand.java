package io.jrack.cli;

import io.jrack.rack.SystemInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code convox rack}: the rack's name, provider, router, status and version; and its parameters. */
@Command(name = "rack", mixinStandardHelpOptions = true, description = "Get information about the rack.",
    subcommands = {
      RackCommand.Params.class,
      RackStartCommand.class,
      RackCaCommand.class,
      RackLogsCommand.class,
      RackInstallCommand.class,
      RackPsCommand.class,
      RackPsCommand.Releases.class,
    })
final class RackCommand extends RackCall {

  @Override
  void run() {
    SystemInfo s = rack().systemGet();
    new Table.Info()
        .add("Name", s.name())
        .add("Provider", s.provider())
        .add("Router", s.routerHost())
        .add("Status", s.status())
        .add("Version", s.version())
        .print(out());
  }

  /** {@code convox rack params}: every parameter, sorted, as {@code Key  Value} lines. */
  @Command(name = "params", mixinStandardHelpOptions = true, description = "Display rack parameters.",
      subcommands = {Params.Set.class})
  static final class Params extends RackCall {
    @Override
    void run() {
      Table.Info info = new Table.Info();
      new TreeMap<>(rack().paramsGet()).forEach(info::add);
      info.print(out());
    }

    /** {@code convox rack params set Key=Value...}. */
    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set rack parameters.")
    static final class Set extends RackCall {
      @Parameters(arity = "1..*", paramLabel = "Key=Value", description = "Parameters to set, e.g. Internal=Yes.")
      List<String> args = new ArrayList<>();

      @Override
      void run() {
        Map<String, String> params = LocalApp.pairs(args);
        start("Updating parameters");
        rack().paramsSet(params);
        ok();
      }
    }
  }
}
