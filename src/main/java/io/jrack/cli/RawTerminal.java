package io.jrack.cli;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's terminal during {@code convox run} and {@code convox exec}, as the Convox client has it:
 * when this command's stdin and stdout are a terminal, the remote command gets a terminal of its own
 * and ours goes raw (no local echo or line editing: keys, Ctrl-C included, go to the remote side)
 * until the command ends. Elsewhere (a pipe, a file, a test's input) nothing changes.
 */
final class RawTerminal implements AutoCloseable {
  private final String saved;

  private RawTerminal(String saved) {
    this.saved = saved;
  }

  /** Raw mode when the command's input and output are the user's terminal; else inactive. */
  static RawTerminal of(CliContext context) {
    if (context.stdin() != System.in) {
      return new RawTerminal(null);
    }
    String saved = stty("-g").orElse(null);
    if (saved == null || !isTerminal(1) || stty("raw", "-echo").isEmpty()) {
      return new RawTerminal(null);
    }
    return new RawTerminal(saved);
  }

  /** Whether the remote command should get a terminal. */
  boolean active() {
    return saved != null;
  }

  @Override
  public void close() {
    if (saved != null) {
      stty(saved);
    }
  }

  /** {@code stty ARGS} on our stdin: its output, empty when stdin is no terminal (or stty is missing). */
  private static java.util.Optional<String> stty(String... args) {
    List<String> cmd = new ArrayList<>(List.of("stty"));
    cmd.addAll(List.of(args));
    return quietly(cmd, Redirect.PIPE);
  }

  private static boolean isTerminal(int fd) {
    // test -t on the descriptor we hand it: our own stdout, inherited.
    return quietly(List.of("sh", "-c", "test -t " + fd), Redirect.INHERIT).isPresent();
  }

  private static java.util.Optional<String> quietly(List<String> cmd, Redirect stdout) {
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(Redirect.INHERIT).redirectOutput(stdout).redirectError(Redirect.DISCARD).start();
      String out = stdout == Redirect.PIPE ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip() : "";
      return p.waitFor() == 0 ? java.util.Optional.of(out) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }
}
