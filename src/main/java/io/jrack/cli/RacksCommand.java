package io.jrack.cli;

import io.jrack.rack.ProviderException;
import io.jrack.sdk.KnownRacks;
import io.jrack.sdk.RackAddress;
import io.jrack.sdk.RackClient;
import java.net.URI;
import picocli.CommandLine.Command;

/** {@code convox racks}: the racks this machine knows (local ones and those logged in to), NAME STATUS as Convox lists them. */
@Command(name = "racks", mixinStandardHelpOptions = true, description = "List available racks.")
final class RacksCommand extends RackCall {

  @Override
  void run() {
    Table t = Table.of("NAME", "STATUS");
    for (KnownRacks.Entry e : KnownRacks.list(RackAddress.home(context().env()))) {
      t.row(e.name(), status(e));
    }
    t.print(out());
  }

  /** The rack's own status, or {@code unreachable} / {@code unknown} when it does not answer as a rack. */
  private static String status(KnownRacks.Entry e) {
    try {
      String password = e.password();
      if (password == null && e.dir() != null) {
        password = java.nio.file.Files.readString(java.nio.file.Path.of(e.dir()).resolve("password")).strip();
      }
      return new RackClient(URI.create(e.url()), password == null ? "" : password).systemGet().status();
    } catch (ProviderException ex) {
      return ex.kind() == ProviderException.Kind.UNAVAILABLE ? "unreachable" : "unknown";
    } catch (java.io.IOException | RuntimeException ex) {
      return "unknown";
    }
  }
}
