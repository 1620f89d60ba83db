package io.jrack.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code convox completion}: the bash (and zsh, through bashcompinit) completion script for every
 * command, as picocli generates it: {@code source <(convox completion)}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, description = "Print the shell completion script (bash, zsh): source <(convox completion).")
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = ConvoxCommand.commandLine(CliContext.of(spec), null);
    spec.commandLine().getOut().print(AutoComplete.bash("convox", root));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
