package io.jrack.cli;

import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convox apps}: list, create, delete and describe apps. */
final class AppsCommand extends RackCall {
  /** How long create and delete wait for the rack to settle an app, as Convox's CLI does. */
  static final Duration SETTLE = Duration.ofMinutes(10);

  /** Its picocli model and its subcommands', built in code (see {@link Specs}: commands run often). */
  static CommandSpec spec() {
    CommandSpec spec = Specs.command("apps", new AppsCommand(), "List apps.");
    Specs.sub(spec, Create.spec());
    Specs.sub(spec, Delete.spec());
    Specs.sub(spec, Info.spec());
    Specs.sub(spec, AppsParamsCommand.spec());
    Specs.sub(spec, AppsCancelCommand.spec());
    return spec;
  }

  @Override
  void run() {
    Table t = Table.of("APP", "STATUS", "RELEASE");
    for (App a : rack().appList()) {
      t.row(a.name(), a.status(), a.release());
    }
    t.print(out());
  }

  static final class Create extends RackCall.ForApp {
    String name;

    static CommandSpec spec() {
      Create c = new Create();
      CommandSpec spec = Specs.command("create", c, "Create an app.");
      spec.addOption(Specs.app(c));
      spec.addPositional(Specs.parameter("0", "0..1", "NAME", "App name (default: the current directory's name).", v -> c.name = v));
      return spec;
    }

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

  static final class Delete extends RackCall {
    String name;
    boolean deleteResources;

    static CommandSpec spec() {
      Delete c = new Delete();
      CommandSpec spec = Specs.command("delete", c, "Delete an app.");
      spec.addPositional(Specs.parameter("0", "1", "NAME", "App to delete.", v -> c.name = v));
      spec.addOption(Specs.flag("Also delete the app's resources and their data (required when it has any).",
          v -> c.deleteResources = v, "--delete-resources"));
      return spec;
    }

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

  static final class Info extends RackCall.ForApp {
    String name;

    static CommandSpec spec() {
      Info c = new Info();
      CommandSpec spec = Specs.command("info", c, "Get information about an app.");
      spec.addOption(Specs.app(c));
      spec.addPositional(Specs.parameter("0", "0..1", "APP", "App (default: -a, else the current directory's name).", v -> c.name = v));
      return spec;
    }

    @Override
    void run() {
      App a = rack().appGet(name != null ? name : app());
      Table.Info info = new Table.Info()
          .add("Name", a.name())
          .add("Status", a.status())
          .add("Release", a.release())
          .add("Router", rack().systemGet().routerHost());
      if (a.reason() != null && !a.reason().isEmpty()) {
        info.add("Reason", a.reason());
      }
      info.print(out());
    }
  }
}
