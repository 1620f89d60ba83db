package io.jrack.cli;

import io.jrack.rack.Build;
import io.jrack.rack.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convox build [DIR]}: package the app's source, build it on the rack, print its build and release. */
@Command(name = "build", mixinStandardHelpOptions = true, description = "Create a build.")
final class BuildCommand extends RackCall.ForApp {
  /** Build statuses that mean "not done yet". */
  private static final Set<String> IN_PROGRESS = Set.of("created", "pending", "queued", "running", "building");
  /** Builds on one machine take a second or less: a long poll would be most of a deploy's own time. */
  private static final long POLL_MILLIS = 100;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The app's directory (default: .).")
  String dir;

  @Option(names = {"-d", "--description"}, paramLabel = "DESCRIPTION", description = "Describe the build (default: the latest git commit, when the tree is clean).")
  String description;

  @Option(names = {"-m", "--manifest"}, paramLabel = "FILE", description = "The manifest to build with, in the app's directory (default: convox.yml).")
  String manifest;

  @Override
  void run() throws IOException, InterruptedException {
    Build b = build(this, app(), dir, description, manifest);
    out().println("Build:   " + b.id());
    out().println("Release: " + b.release());
  }

  /**
   * Convox's build steps: {@code Packaging source... OK}, {@code Uploading source... OK},
   * {@code Starting build... OK}, then the build's logs as they come; a failed build is an error
   * after its logs (which carry the manifest's errors).
   */
  static Build build(RackCall call, String app, String dir, String description, String manifest) throws IOException, InterruptedException {
    Provider rack = call.rack();
    rack.appGet(app); // an unknown app fails here, before anything is packaged
    Path source = call.context().resolve(dir);
    String desc = description != null ? description : gitDescription(source);
    call.start("Packaging source");
    Path tgz = Tarball.toTempFile(source, manifest == null ? null : source.resolve(manifest));
    try {
      call.ok();
      call.start("Uploading source");
      Build b;
      try (InputStream in = Files.newInputStream(tgz)) {
        b = rack.buildCreate(app, in, desc);
      }
      call.ok();
      call.start("Starting build");
      call.ok();
      b = follow(call, rack, app, b);
      if ("failed".equals(b.status())) {
        throw new UserError("build failed");
      }
      return b;
    } finally {
      Files.deleteIfExists(tgz);
    }
  }

  /** Prints the build's logs as they grow, until it is done; returns the finished build. */
  static Build follow(RackCall call, Provider rack, String app, Build b) throws InterruptedException {
    int printed = 0;
    String logs = "";
    while (true) {
      logs = b.logs() == null ? "" : b.logs();
      if (logs.length() > printed) {
        call.out().print(logs.substring(printed));
        call.out().flush();
        printed = logs.length();
      }
      if (!IN_PROGRESS.contains(b.status())) {
        break;
      }
      Thread.sleep(POLL_MILLIS);
      b = rack.buildGet(app, b.id());
    }
    if (printed > 0 && !logs.endsWith("\n")) {
      call.out().println();
    }
    return b;
  }

  /**
   * Convox's default description: {@code build <sha> <subject>} of the latest commit, when
   * {@code git diff --quiet} says the tree is clean; null otherwise (or without git).
   */
  static String gitDescription(Path dir) {
    if (git(dir, "diff", "--quiet") == null) {
      return null;
    }
    String log = git(dir, "log", "-n", "1", "--pretty=%h %s", "--abbrev=10");
    return log == null || log.isBlank() ? null : "build " + log.strip();
  }

  /** Runs git in {@code dir}; its output, or null when it fails, is missing or takes too long. */
  private static String git(Path dir, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] output = p.getInputStream().readNBytes(64 * 1024);
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
