package io.jrack.cli;

import io.jrack.rack.Build;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convox builds}: list an app's builds, describe one, print one's logs. */
@Command(name = "builds", mixinStandardHelpOptions = true, description = "List builds.",
    subcommands = {BuildsCommand.Info.class, BuildsCommand.Logs.class})
final class BuildsCommand extends RackCall.ForApp {
  @Option(names = {"-l", "--limit"}, paramLabel = "LIMIT", description = "How many of the newest builds to list (default: 10).")
  int limit = io.jrack.rack.Provider.BUILD_LIST_LIMIT;

  @Override
  void run() {
    Table t = Table.of("ID", "STATUS", "RELEASE", "STARTED", "ELAPSED", "DESCRIPTION");
    for (Build b : rack().buildList(app(), limit)) {
      t.row(b.id(), b.status(), b.release(), Ago.of(b.started()), Ago.elapsed(b.started(), b.ended()), b.description());
    }
    t.print(out());
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Get information about a build.")
  static final class Info extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "BUILD", description = "The build.")
    String id;

    @Override
    void run() {
      Build b = rack().buildGet(app(), id);
      new Table.Info()
          .add("Id", b.id())
          .add("Status", b.status())
          .add("Release", b.release())
          .add("Description", b.description())
          .add("Started", Ago.of(b.started()))
          .add("Elapsed", Ago.elapsed(b.started(), b.ended()))
          .print(out());
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true, description = "Get logs for a build.")
  static final class Logs extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "BUILD", description = "The build.")
    String id;

    @Override
    void run() throws InterruptedException {
      String app = app();
      BuildCommand.follow(this, rack(), app, rack().buildGet(app, id));
    }
  }
}
