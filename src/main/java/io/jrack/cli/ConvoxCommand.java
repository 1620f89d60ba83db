package io.jrack.cli;

import picocli.CommandLine.Command;

/** The top-level {@code convox} command; it carries the run's {@link CliContext} for its subcommands. */
@Command(
    name = "convox",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Manage apps on a jrack rack (Convox-compatible).",
    subcommands = {
      AppsCommand.class,
      BuildCommand.class,
      BuildsCommand.class,
      DeployCommand.class,
      EnvCommand.class,
      KubernetesCommand.class,
      LogsCommand.class,
      ManifestCommand.class,
      PsCommand.class,
      RackCommand.class,
      ReleasesCommand.class,
      ResourcesCommand.class,
      ServicesCommand.class,
      StartCommand.class,
    })
public final class ConvoxCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private final CliContext context;

  public ConvoxCommand() {
    this(CliContext.system());
  }

  public ConvoxCommand(CliContext context) {
    this.context = context;
  }

  public CliContext context() {
    return context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
