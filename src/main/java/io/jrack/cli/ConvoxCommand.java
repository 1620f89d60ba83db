package io.jrack.cli;

import picocli.CommandLine.Command;

/** The top-level {@code convox} command. */
@Command(
    name = "convox",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Manage apps on a jrack rack (Convox-compatible).",
    subcommands = {ManifestCommand.class})
public final class ConvoxCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
