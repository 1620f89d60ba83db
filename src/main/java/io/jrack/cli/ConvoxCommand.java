package io.jrack.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The top-level {@code convox} command; it carries the run's {@link CliContext} for its subcommands.
 * Its picocli model is built in code ({@link #commandLine}), as are those of the commands run most.
 */
public final class ConvoxCommand implements Runnable {
  /**
   * The subcommands, by name, in help order: an annotated command class, or a model built in code
   * ({@link Specs}). Registered by {@link #register} rather than all up front: picocli builds the
   * model of every registered command by reflection, which was most of a CLI command's start-up.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("apps", AppsCommand::spec);
    SUBCOMMANDS.put("build", () -> BuildCommand.class);
    SUBCOMMANDS.put("builds", () -> BuildsCommand.class);
    SUBCOMMANDS.put("certs", () -> CertsCommand.class);
    SUBCOMMANDS.put("deploy", () -> DeployCommand.class);
    SUBCOMMANDS.put("env", () -> EnvCommand.class);
    SUBCOMMANDS.put("exec", () -> ExecCommand.class);
    SUBCOMMANDS.put("instances", () -> InstancesCommand.class);
    SUBCOMMANDS.put("kubernetes", () -> KubernetesCommand.class);
    SUBCOMMANDS.put("login", () -> LoginCommand.class);
    SUBCOMMANDS.put("logs", () -> LogsCommand.class);
    SUBCOMMANDS.put("manifest", () -> ManifestCommand.class);
    SUBCOMMANDS.put("proxy", () -> ProxyCommand.class);
    SUBCOMMANDS.put("ps", () -> PsCommand.class);
    SUBCOMMANDS.put("rack", () -> RackCommand.class);
    SUBCOMMANDS.put("racks", () -> RacksCommand.class);
    SUBCOMMANDS.put("releases", () -> ReleasesCommand.class);
    SUBCOMMANDS.put("resources", () -> ResourcesCommand.class);
    SUBCOMMANDS.put("restart", () -> RestartCommand.class);
    SUBCOMMANDS.put("run", () -> RunCommand.class);
    SUBCOMMANDS.put("scale", () -> ScaleCommand.class);
    SUBCOMMANDS.put("services", ServicesCommand::spec);
    SUBCOMMANDS.put("ssl", () -> SslCommand.class);
    SUBCOMMANDS.put("start", () -> StartCommand.class);
    SUBCOMMANDS.put("switch", () -> SwitchCommand.class);
    SUBCOMMANDS.put("version", () -> VersionCommand.class);
    SUBCOMMANDS.put("completion", () -> CompletionCommand.class);
    SUBCOMMANDS.put("help", () -> CommandLine.HelpCommand.class);
  }

  /** The command line of one run in {@code context}, with the subcommand {@code first} names (see {@link #register}). */
  static CommandLine commandLine(CliContext context, String first) {
    ConvoxCommand root = new ConvoxCommand(context);
    CommandSpec spec = Specs.command("convox", root, "Manage apps on a jrack rack (Convox-compatible).");
    spec.versionProvider(new Version());
    root.spec = spec;
    CommandLine cli = register(new CommandLine(spec), first);
    // run and exec pass the words after the command's first one through, options included (ls -la).
    for (String passing : new String[] {"run", "exec"}) {
      CommandLine sub = cli.getSubcommands().get(passing);
      if (sub != null) {
        sub.setStopAtPositional(true);
      }
    }
    return cli;
  }

  /**
   * Adds to {@code cli} the subcommand {@code first} names, alone; {@code -V}/{@code --version} needs
   * none; any other first word (none, an option, a typo) gets them all, so help lists every command and
   * a typo gets its suggestions.
   */
  static CommandLine register(CommandLine cli, String first) {
    // help lists every command, so it needs them all.
    Supplier<Object> one = first == null || first.equals("help") ? null : SUBCOMMANDS.get(first);
    if (one != null) {
      cli.addSubcommand(one.get());
    } else if ("-V".equals(first) || "--version".equals(first)) {
      return cli;
    } else {
      SUBCOMMANDS.values().forEach(s -> cli.addSubcommand(s.get()));
    }
    return cli;
  }

  private CommandSpec spec;

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
