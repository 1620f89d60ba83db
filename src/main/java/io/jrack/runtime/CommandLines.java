package io.jrack.runtime;

import java.util.List;

/** How {@code convox ps} shows a process's command. */
public final class CommandLines {
  private CommandLines() {}

  /** The command as the user wrote it: a shell line without the {@code sh -c} the rack runs it with. */
  public static String display(List<String> argv) {
    if (argv.size() == 3 && argv.get(0).equals("sh") && argv.get(1).equals("-c")) {
      return argv.get(2);
    }
    return String.join(" ", argv);
  }
}
