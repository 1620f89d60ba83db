package io.jrack.cli;

import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code convox apps}: list, create, delete and describe apps. */
@Command(name = "apps", mixinStandardHelpOptions = true, description = "List apps.",
    subcommands = {AppsCommand.Create.class, AppsCommand.Delete.class, AppsCommand.Info.class})
final class AppsCommand extends RackCall {
  /** How long create and delete wait for the rack to settle an app, as Convox's CLI does. */
  static final Duration SETTLE = Duration.ofMinutes(10);

  @Override
  void run() {
    Table t = Table.of("APP", "STATUS", "RELEASE");
    for (App a : rack().appList()) {
      t.row(a.name(), a.status(), a.release());
    }
    t.print(out());
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an app.")
  static final class Create extends RackCall.ForApp {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "App name (default: the current directory's name).")
    String name;

    @Override
    void run() throws InterruptedException {
      String app = name != null ? name : app();
      start("Creating " + app);
      App created = rack().appCreate(app);
      Instant deadline = Instant.now().plus(SETTLE);
      while (settling(created.status()) && Instant.now().isBefore(deadline)) {
        Thread.sleep(250);
        created = rack().appGet(app);
      }
      ok();
    }
  }

  /** An app the rack is still setting up. */
  static boolean settling(String status) {
    return "creating".equals(status) || "updating".equals(status) || "pending".equals(status);
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an app.")
  static final class Delete extends RackCall {
    @Parameters(index = "0", paramLabel = "NAME", description = "App to delete.")
    String name;

    @picocli.CommandLine.Option(names = "--delete-resources",
        description = "Also delete the app's resources and their data (required when it has any).")
    boolean deleteResources;

    @Override
    void run() throws InterruptedException {
      start("Deleting " + name);
      rack().appDelete(name, deleteResources);
      Instant deadline = Instant.now().plus(SETTLE);
      while (Instant.now().isBefore(deadline)) {
        try {
          rack().appGet(name);
        } catch (ProviderException e) {
          if (e.kind() == ProviderException.Kind.NOT_FOUND) {
            break;
          }
          throw e;
        }
        Thread.sleep(250);
      }
      ok();
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Get information about an app.")
  static final class Info extends RackCall.ForApp {
    @Parameters(index = "0", arity = "0..1", paramLabel = "APP", description = "App (default: -a, else the current directory's name).")
    String name;

    @Override
    void run() {
      App a = rack().appGet(name != null ? name : app());
      new Table.Info()
          .add("Name", a.name())
          .add("Status", a.status())
          .add("Release", a.release())
          .add("Router", rack().systemGet().routerHost())
          .print(out());
    }
  }
}
