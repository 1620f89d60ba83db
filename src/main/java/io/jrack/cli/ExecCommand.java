package io.jrack.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code convox exec PID COMMAND...}: the command where the process runs, attached; its exit code is this command's. */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Execute a command in a running process.")
final class ExecCommand extends RackCall.ForApp {
  @Parameters(index = "0", paramLabel = "PID", description = "The process.")
  String pid;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
  List<String> command = new ArrayList<>();

  @Override
  void run() {
    try (RawTerminal terminal = RawTerminal.of(context())) {
      exitCode = rack().processExec(app(), pid, String.join(" ", command), terminal.active(), context().stdin(), RunCommand.output(this));
    }
  }
}
