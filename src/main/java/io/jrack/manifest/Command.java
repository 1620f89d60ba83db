package io.jrack.manifest;

import java.util.List;

/**
 * What a service runs. Written as a string it runs under a shell; written as a list it is exec'd
 * as is, with no shell in between.
 */
public record Command(String shell, List<String> exec) {

  public static Command shell(String line) {
    return new Command(line, null);
  }

  public static Command exec(List<String> argv) {
    return new Command(null, List.copyOf(argv));
  }

  public boolean isShell() {
    return shell != null;
  }

  /** The argv to execute: {@code ["sh", "-c", line]} for a string, the list otherwise. */
  public List<String> argv() {
    return isShell() ? List.of("sh", "-c", shell) : exec;
  }

  @Override
  public String toString() {
    return isShell() ? shell : String.join(" ", exec);
  }
}
