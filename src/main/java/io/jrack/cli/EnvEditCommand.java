package io.jrack.cli;

import io.jrack.files.PrivateFiles;
import io.jrack.rack.Release;
import io.jrack.rack.wire.EnvText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convox env edit}: the app's environment in {@code $EDITOR} (default {@code vi}), as
 * {@code KEY=value} lines in a private temporary file; what the file holds when the editor exits is
 * the new environment, released as a whole ({@code Setting A, B... OK}, {@code Release: R...}).
 */
@Command(name = "edit", mixinStandardHelpOptions = true, description = "Edit env interactively.")
final class EnvEditCommand extends RackCall.ForApp {
  @Option(names = {"-p", "--promote"}, description = "Promote the release.")
  boolean promote;

  @Override
  void run() throws IOException, InterruptedException {
    String app = app();
    Path dir = Files.createTempDirectory("convox-env-", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    Path file = dir.resolve(app + ".env");
    try {
      PrivateFiles.write(file, EnvText.format(rack().envGet(app)) + "\n");
      List<String> command = new ArrayList<>(List.of(context().env().getOrDefault("EDITOR", "vi").strip().split("\\s+")));
      command.add(file.toString());
      int code;
      try {
        code = new ProcessBuilder(command).inheritIO().start().waitFor();
      } catch (IOException e) {
        throw new UserError("cannot run the editor " + command.get(0) + ": " + e.getMessage() + " (set EDITOR)");
      }
      if (code != 0) {
        throw new UserError("the editor " + command.get(0) + " exited with " + code + ": nothing changed");
      }
      Map<String, String> env = EnvText.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
      start("Setting " + String.join(", ", new TreeSet<>(env.keySet())));
      Release r = rack().envSet(app, env, true);
      ok();
      EnvCommand.released(this, app, r, promote);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
