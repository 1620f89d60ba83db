package io.jrack.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code convox apps cancel [APP]}: cancels an app's update ({@code Cancelling deployment of APP... OK}). */
final class AppsCancelCommand extends RackCall.ForApp {
  String name;

  static CommandSpec spec() {
    AppsCancelCommand c = new AppsCancelCommand();
    CommandSpec spec = Specs.command("cancel", c, "Cancel an app update.");
    spec.addOption(Specs.app(c));
    spec.addPositional(Specs.parameter("0", "0..1", "APP", "The app (default: -a, else the directory's name).", v -> c.name = v));
    return spec;
  }

  @Override
  void run() {
    String app = name != null ? name : app();
    start("Cancelling deployment of " + app);
    rack().appCancel(app);
    ok();
  }
}
