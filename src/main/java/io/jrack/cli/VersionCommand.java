package io.jrack.cli;

import io.jrack.sdk.RackAddress;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code convox version}, in Convox's shape: {@code client: V}, then {@code server: V (HOST)} for the
 * current rack, or {@code server: none} when there is none. The server's version is the rack's own.
 */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Display version information.")
final class VersionCommand extends RackCall {

  @Override
  void run() {
    out().println("client: " + Version.current());
    Optional<RackAddress> address = RackAddress.resolve(context().env());
    if (address.isEmpty()) {
      out().println("server: none");
      return;
    }
    out().println("server: " + rack().systemGet().version() + " (" + address.get().url().getAuthority().replaceFirst("^.*@", "") + ")");
  }
}
