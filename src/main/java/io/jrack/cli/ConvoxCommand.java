package io.jrack.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code convox} command; it carries the run's {@link CliContext} for its subcommands. */
@Command(
    name = "convox",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Manage apps on a jrack rack (Convox-compatible).")
public final class ConvoxCommand implements Runnable {
  /**
   * The subcommands, by name, in help order. Registered by {@link #register} rather than through
   * {@code @Command(subcommands)}: picocli builds the model of every registered command by reflection
   * up front, which was most of a CLI command's start-up.
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("apps", AppsCommand.class);
    SUBCOMMANDS.put("build", BuildCommand.class);
    SUBCOMMANDS.put("builds", BuildsCommand.class);
    SUBCOMMANDS.put("deploy", DeployCommand.class);
    SUBCOMMANDS.put("env", EnvCommand.class);
    SUBCOMMANDS.put("kubernetes", KubernetesCommand.class);
    SUBCOMMANDS.put("logs", LogsCommand.class);
    SUBCOMMANDS.put("manifest", ManifestCommand.class);
    SUBCOMMANDS.put("ps", PsCommand.class);
    SUBCOMMANDS.put("rack", RackCommand.class);
    SUBCOMMANDS.put("releases", ReleasesCommand.class);
    SUBCOMMANDS.put("resources", ResourcesCommand.class);
    SUBCOMMANDS.put("services", ServicesCommand.class);
    SUBCOMMANDS.put("start", StartCommand.class);
  }

  /**
   * Adds to {@code cli} the subcommand {@code first} names, alone; any other first word (none, an
   * option, a typo) gets them all, so help lists every command and a typo gets its suggestions.
   */
  static CommandLine register(CommandLine cli, String first) {
    Class<?> one = first == null ? null : SUBCOMMANDS.get(first);
    if (one != null) {
      cli.addSubcommand(one);
    } else {
      SUBCOMMANDS.values().forEach(cli::addSubcommand);
    }
    return cli;
  }

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
