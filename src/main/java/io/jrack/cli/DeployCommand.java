package io.jrack.cli;

import io.jrack.rack.Build;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convox deploy [DIR]}: build, then promote the build's release (as Convox does, no app is created). */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "Create and promote a build.")
final class DeployCommand extends RackCall.ForApp {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The app's directory (default: .).")
  String dir;

  @Option(names = {"-d", "--description"}, paramLabel = "DESCRIPTION", description = "Describe the build (default: the latest git commit, when the tree is clean).")
  String description;

  @Option(names = {"-m", "--manifest"}, paramLabel = "FILE", description = "The manifest to deploy with, in the app's directory (default: convox.yml).")
  String manifest;

  @Option(names = "--wait", description = "Wait for the release to be running (the rack always does).")
  boolean waitFlag;

  @Override
  void run() throws IOException, InterruptedException {
    String app = app();
    Build b = BuildCommand.build(this, app, dir, description, manifest);
    ReleasesCommand.promote(this, app, b.release());
  }
}
