package io.jrack.runtime.resource;

import io.jrack.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A one-off set-up command (initdb, install-db), whose output becomes the error when it fails. */
final class SetupCommand {
  private static final int TIMEOUT_SECONDS = 120;

  private SetupCommand() {}

  static void run(String what, List<String> argv, Path workDir, String stdin) throws RuntimeFailure {
    try {
      Process p = ChildEnvironment.apply(new ProcessBuilder(argv)).directory(workDir.toFile()).redirectErrorStream(true).start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      // Read everything so a chatty command never blocks on a full pipe.
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RuntimeFailure(what + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        String text = new String(out, StandardCharsets.UTF_8).strip();
        List<String> lines = text.lines().toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        throw new RuntimeFailure(what + " failed (exit " + p.exitValue() + "): " + tail);
      }
    } catch (IOException e) {
      throw new RuntimeFailure(what + " could not run " + argv.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure(what + " interrupted");
    }
  }
}
