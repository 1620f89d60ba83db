package io.jrack.cli;

import io.jrack.rack.CertificateInfo;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code convox ssl}: which certificate each of an app's service ports has, and {@code ssl update} to apply one. */
@Command(name = "ssl", mixinStandardHelpOptions = true, description = "List certificate associates for an app.",
    subcommands = SslCommand.Update.class)
final class SslCommand extends RackCall.ForApp {
  @Override
  void run() {
    Map<String, CertificateInfo> certs = rack().certificateList().stream().collect(Collectors.toMap(CertificateInfo::id, Function.identity()));
    Table t = Table.of("ENDPOINT", "CERTIFICATE", "DOMAIN", "EXPIRES");
    rack().certificatesApplied(app()).forEach((endpoint, id) -> {
      CertificateInfo c = certs.get(id);
      t.row(endpoint, id, c == null ? "" : c.domain(), c == null ? "" : Ago.of(c.expiration()));
    });
    t.print(out());
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = "Update certificate for an app.")
  static final class Update extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "SERVICE:PORT", description = "The service and its balancer port (web:443).")
    String endpoint;

    @Parameters(index = "1", paramLabel = "CERT", description = "The certificate's id.")
    String id;

    @Override
    void run() {
      String[] parts = endpoint.split(":", 2);
      int port;
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        port = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new UserError("\"" + endpoint + "\" (expected: SERVICE:PORT, like web:443)");
      }
      start("Updating certificate");
      rack().certificateApply(app(), parts[0], port, id);
      ok();
    }
  }
}
