package io.jrack.cli;

import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli models built in code rather than read from annotations, for the commands run most
 * ({@code services}, {@code apps}) and the root. Reading annotations costs a CLI command more than
 * anything else it does once its JSON no longer goes through Jackson: each annotation type is a proxy
 * class the JVM generates on every run (the AOT cache cannot keep them), and picocli reflects over
 * every field. Help, errors and suggestions come out exactly as with the annotations (CliHelpTest).
 */
final class Specs {
  private Specs() {}

  /**
   * A command named {@code name} that runs {@code command}, with picocli's standard {@code -h/--help}
   * and {@code -V/--version} (what {@code mixinStandardHelpOptions} adds, without its reflection).
   */
  static CommandSpec command(String name, Object command, String... description) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    spec.name(name);
    spec.usageMessage().description(description);
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
    if (command instanceof RackCall call) {
      call.spec = spec;
    }
    return spec;
  }

  /** Adds {@code sub} (a model built here, or an annotated command class) under {@code parent}. */
  static CommandSpec sub(CommandSpec parent, Object sub) {
    CommandLine line = new CommandLine(sub);
    parent.addSubcommand(line.getCommandName(), line);
    return parent;
  }

  /** A flag ({@code --json}): {@code set} gets true when it is given. */
  static OptionSpec flag(String description, Consumer<Boolean> set, String... names) {
    return OptionSpec.builder(names).type(boolean.class).arity("0").initialValue(false).description(description).setter(setter(set)).build();
  }

  /** An option with a value ({@code -a APP}). */
  static OptionSpec option(String label, String description, Consumer<String> set, String... names) {
    return OptionSpec.builder(names).type(String.class).paramLabel(label).description(description).setter(setter(set)).build();
  }

  /** A positional parameter at {@code index}; {@code arity} "1" when required, "0..1" when not. */
  static PositionalParamSpec parameter(String index, String arity, String label, String description, Consumer<String> set) {
    return PositionalParamSpec.builder().index(index).arity(arity).required(!arity.startsWith("0")).type(String.class).paramLabel(label)
        .description(description).setter(setter(set)).build();
  }

  /** {@code -a/--app}, as {@link RackCall.ForApp} declares it. */
  static OptionSpec app(RackCall.ForApp command) {
    return option("APP", RackCall.ForApp.APP_DESCRIPTION, v -> command.appFlag = v, "-a", "--app");
  }

  private static <T> ISetter setter(Consumer<T> set) {
    return new ISetter() {
      @Override
      @SuppressWarnings("unchecked")
      public <V> V set(V value) {
        set.accept((T) value);
        return null;
      }
    };
  }
}
