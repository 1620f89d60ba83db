package io.jrack.cli;

import io.jrack.sdk.KnownRacks;
import io.jrack.sdk.RackAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code convox switch [NAME]}: makes a known rack the current one ({@code Switched to NAME}), by its
 * name or a unique part of it, as Convox matches; without NAME, prints the current rack's name.
 */
@Command(name = "switch", mixinStandardHelpOptions = true, description = "Switch current rack.")
final class SwitchCommand extends RackCall {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The rack.")
  String name;

  @Override
  void run() throws IOException {
    Path home = RackAddress.home(context().env());
    if (name == null) {
      out().println(KnownRacks.current(home).map(KnownRacks.Entry::name).orElseThrow(() -> new UserError(CliContext.NO_RACK)));
      return;
    }
    List<KnownRacks.Entry> all = KnownRacks.list(home);
    List<KnownRacks.Entry> exact = all.stream().filter(e -> e.name().equals(name)).toList();
    List<KnownRacks.Entry> matches = exact.isEmpty() ? all.stream().filter(e -> e.name().contains(name)).toList() : exact;
    if (matches.isEmpty()) {
      throw new UserError("could not find rack: " + name + " (known: " + String.join(", ", all.stream().map(KnownRacks.Entry::name).toList()) + ")");
    }
    if (matches.size() > 1) {
      throw new UserError("ambiguous rack name: " + name + " (matches: " + String.join(", ", matches.stream().map(KnownRacks.Entry::name).toList()) + ")");
    }
    KnownRacks.use(home, matches.get(0));
    out().println("Switched to " + matches.get(0).name());
  }
}
