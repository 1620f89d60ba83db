package io.jrack.cli;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convox run SERVICE COMMAND...}: the command in a new process of the service (its directory and
 * environment), attached: stdin to it, its output here, and its exit code as this command's; with
 * {@code --detach}, in the background, its output in {@code convox logs}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Execute a command in a new process.")
final class RunCommand extends RackCall.ForApp {
  @Parameters(index = "0", paramLabel = "SERVICE", description = "The service.")
  String service;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
  List<String> command = new ArrayList<>();

  @Option(names = {"-d", "--detach"}, description = "Run the process in the background: its id is printed, its output goes to convox logs.")
  boolean detach;

  @Override
  void run() {
    if (detach) {
      start("Running detached process");
      ok(rack().processStart(app(), service, String.join(" ", command), null).id());
      return;
    }
    try (RawTerminal terminal = RawTerminal.of(context())) {
      exitCode = rack().processRun(app(), service, String.join(" ", command), terminal.active(), context().stdin(), output(this));
    }
  }

  /** The command's output onto this command's output, as it comes. */
  static OutputStream output(RackCall call) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        call.out().print(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
      }

      @Override
      public void flush() {
        call.out().flush();
      }
    };
  }
}
