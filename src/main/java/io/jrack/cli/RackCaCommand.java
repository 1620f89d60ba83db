package io.jrack.cli;

import picocli.CommandLine.Command;

/** {@code convox rack ca}: the rack CA's certificate (PEM), to add to a browser or system trust store. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Print the rack's CA certificate (PEM) so clients can trust its HTTPS router.")
final class RackCaCommand extends RackCall {
  @Override
  void run() {
    out().print(rack().systemCertificate());
    out().flush();
  }
}
