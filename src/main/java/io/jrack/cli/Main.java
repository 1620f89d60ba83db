package io.jrack.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code convox} CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command and returns its exit code; never lets an exception reach the user as a trace. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs one command with the given output streams (tests use this to read what a user would see). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(CliContext.system(), out, err, args);
  }

  /** Runs one command with the given environment instead of the process's (RACK_URL, JRACK_HOME...). */
  public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    return run(new CliContext(env, Path.of("")), out, err, args);
  }

  /** Runs one command in the given context (environment and working directory). */
  public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = ConvoxCommand.commandLine(context, args.length > 0 ? args[0] : null);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // A step may have printed "Doing x... " without a newline: like Convox, the error ends that line
      // on a terminal; flush first so the two streams interleave in order.
      commandLine.getOut().flush();
      commandLine.getErr().println("ERROR: " + UserError.describe(e));
      commandLine.getErr().flush();
      return UserError.exitCode(e);
    });
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
