package io.jrack.cli;

import picocli.CommandLine;

/** Entry point of the {@code convox} CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command and returns its exit code; never lets an exception reach the user as a trace. */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs one command with the given output streams (tests use this to read what a user would see). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new ConvoxCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("ERROR: " + UserError.describe(e));
      return UserError.exitCode(e);
    });
    return cli.execute(args);
  }
}
