package io.jrack.cli;

import io.jrack.rack.Release;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convox env}: an app's environment; every change makes a new release, as in Convox. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "List env vars.",
    subcommands = {EnvEditCommand.class, EnvCommand.Get.class, EnvCommand.Set.class, EnvCommand.Unset.class})
final class EnvCommand extends RackCall.ForApp {

  @Override
  void run() {
    new TreeMap<>(rack().envGet(app())).forEach((k, v) -> out().println(k + "=" + v));
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Get an env var.")
  static final class Get extends RackCall.ForApp {
    @Parameters(index = "0", paramLabel = "VAR", description = "The variable.")
    String key;

    @Override
    void run() {
      Map<String, String> env = rack().envGet(app());
      if (!env.containsKey(key)) {
        throw new UserError("env not found: " + key);
      }
      out().println(env.get(key));
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true, description = "Set env var(s).")
  static final class Set extends RackCall.ForApp {
    @Parameters(arity = "1..*", paramLabel = "KEY=VALUE", description = "Variables to set.")
    List<String> args = new ArrayList<>();

    @Option(names = "--replace", description = "Replace all environment variables with the given ones.")
    boolean replace;

    @Option(names = {"-p", "--promote"}, description = "Promote the release.")
    boolean promote;

    @Override
    void run() {
      Map<String, String> values = LocalApp.pairs(args);
      String app = app();
      start("Setting " + String.join(", ", new TreeSet<>(values.keySet())));
      Release r = rack().envSet(app, values, replace);
      ok();
      released(this, app, r, promote);
    }
  }

  @Command(name = "unset", mixinStandardHelpOptions = true, description = "Unset env var(s).")
  static final class Unset extends RackCall.ForApp {
    @Parameters(arity = "1..*", paramLabel = "KEY", description = "Variables to unset.")
    List<String> keys = new ArrayList<>();

    @Option(names = {"-p", "--promote"}, description = "Promote the release.")
    boolean promote;

    @Override
    void run() {
      String app = app();
      start("Unsetting " + String.join(", ", new TreeSet<>(keys)));
      Release r = rack().envUnset(app, List.copyOf(new TreeSet<>(keys)));
      ok();
      released(this, app, r, promote);
    }
  }

  /** {@code Release: R...}, then, if asked, {@code Promoting R...... OK}. */
  static void released(RackCall call, String app, Release r, boolean promote) {
    call.out().println("Release: " + r.id());
    if (promote) {
      ReleasesCommand.promote(call, app, r.id());
    }
  }
}
