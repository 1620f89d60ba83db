package io.jrack.cli;

import io.jrack.rack.ResourceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convox resources}: the app's databases and caches. Passwords are masked unless
 * {@code --reveal}, since this output ends up in terminals, screenshots and CI logs;
 * {@code resources url} prints the whole URL, for {@code psql "$(convox resources url database)"}.
 */
@Command(name = "resources", mixinStandardHelpOptions = true, description = "List resources for an app.",
    subcommands = {ResourcesCommand.Info.class, ResourcesCommand.Url.class})
final class ResourcesCommand extends RackCall.ForApp {
  @Option(names = "--reveal", description = "Show passwords in URLs.")
  boolean reveal;

  @Override
  void run() {
    Table t = Table.of("NAME", "TYPE", "URL");
    for (ResourceInfo r : rack().resourceList(app())) {
      t.row(r.name(), r.type(), reveal ? r.url() : r.maskedUrl());
    }
    t.print(out());
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Get information about a resource.")
  static final class Info extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "NAME", description = "Resource name.")
    String name;

    @Option(names = "--reveal", description = "Show the password in the URL.")
    boolean reveal;

    @Override
    void run() {
      ResourceInfo r = rack().resourceGet(app(), name);
      new Table.Info()
          .add("Name", r.name())
          .add("Type", r.type())
          .add("Status", r.status())
          .add("Version", r.version())
          .add("Restarts", Integer.toString(r.restarts()))
          .add("Started", r.started() == null ? "" : Ago.of(r.started(), java.time.Instant.now()))
          .add("URL", reveal ? r.url() : r.maskedUrl())
          .print(out());
    }
  }

  @Command(name = "url", mixinStandardHelpOptions = true, description = "Print a resource's URL, password included.")
  static final class Url extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "NAME", description = "Resource name.")
    String name;

    @Override
    void run() {
      out().println(rack().resourceGet(app(), name).url());
    }
  }
}
