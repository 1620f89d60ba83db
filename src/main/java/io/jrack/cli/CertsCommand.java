package io.jrack.cli;

import io.jrack.rack.CertificateInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convox certs}: the router's certificates, as Convox lists, generates, imports and deletes them. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "List certificates.",
    subcommands = {CertsCommand.Generate.class, CertsCommand.Import.class, CertsCommand.Delete.class})
final class CertsCommand extends RackCall {
  @Override
  void run() {
    Table t = Table.of("ID", "DOMAIN", "EXPIRES");
    for (CertificateInfo c : rack().certificateList()) {
      t.row(c.id(), c.domain(), Ago.of(c.expiration()));
    }
    t.print(out());
  }

  /** With {@code --id}, Convox prints the steps on stderr and the new id alone on stdout, for scripts. */
  abstract static class Making extends RackCall {
    @Option(names = "--id", description = "Print only the certificate's id on stdout.")
    boolean idOnly;

    void make(String step, java.util.function.Supplier<CertificateInfo> work) {
      PrintWriter steps = idOnly ? err() : out();
      steps.print(step + "... ");
      steps.flush();
      CertificateInfo c = work.get();
      steps.println("OK, " + c.id());
      steps.flush();
      if (idOnly) {
        out().print(c.id());
        out().flush();
      }
    }
  }

  @Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate a certificate (signed by the rack's CA).")
  static final class Generate extends Making {
    @Parameters(arity = "1..*", paramLabel = "DOMAIN", description = "The names it is for (*.example.com for a wildcard).")
    List<String> domains;

    @Override
    void run() {
      make("Generating certificate", () -> rack().certificateGenerate(domains));
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true, description = "Import a certificate.")
  static final class Import extends Making {
    @Parameters(index = "0", paramLabel = "PUB", description = "The certificate (PEM file).")
    Path pub;

    @Parameters(index = "1", paramLabel = "KEY", description = "Its private key (PEM file).")
    Path key;

    @Option(names = "--chain", paramLabel = "FILE", description = "Intermediate certificate chain (PEM file).")
    Path chain;

    @Override
    void run() {
      String p = read(pub);
      String k = read(key);
      String c = chain == null ? null : read(chain);
      make("Importing certificate", () -> rack().certificateCreate(p, k, c));
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError("cannot read " + file + ": " + e.getMessage());
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a certificate.")
  static final class Delete extends RackCall {
    @Parameters(index = "0", paramLabel = "CERT", description = "The certificate's id.")
    String id;

    @Override
    void run() {
      start("Deleting certificate " + id);
      rack().certificateDelete(id);
      ok();
    }
  }
}
