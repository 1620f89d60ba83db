package io.jrack.cli;

import io.jrack.rack.Provider;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the rack: its output streams, its run's context, the rack (a
 * {@link Provider} from the SDK), and Convox's progress steps ({@code Creating app... OK}).
 */
abstract class RackCall implements Callable<Integer> {
  /** Injected by picocli for an annotated command; set by {@link Specs#command} for one built in code. */
  @Spec CommandSpec spec;

  CliContext context() {
    return CliContext.of(spec);
  }

  Provider rack() {
    return context().rack();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints {@code message... } and leaves the line open for {@link #ok()} (or an error). */
  void start(String message) {
    out().print(message + "... ");
    out().flush();
  }

  void ok() {
    out().println("OK");
    out().flush();
  }

  /** {@code OK, detail}, as Convox ends a step that made something (a release). */
  void ok(String detail) {
    out().println("OK, " + detail);
    out().flush();
  }

  /** The exit code, 0 unless the command passes another through ({@code run}, {@code exec}). */
  int exitCode;

  @Override
  public final Integer call() throws Exception {
    run();
    return exitCode;
  }

  abstract void run() throws Exception;

  /** A command that works on one app: {@code -a/--app}, defaulting to the directory's name. */
  abstract static class ForApp extends RackCall {
    static final String APP_DESCRIPTION = "App name (default: .convox/app, else the current directory's name).";

    @picocli.CommandLine.Option(names = {"-a", "--app"}, paramLabel = "APP", description = APP_DESCRIPTION)
    String appFlag;

    String app() {
      return context().app(appFlag);
    }
  }
}
