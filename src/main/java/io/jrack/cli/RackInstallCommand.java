package io.jrack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convox rack install kubernetes --dry-run}: the objects that run a rack inside a cluster. */
@Command(name = "install", mixinStandardHelpOptions = true, description = "Print the objects that run a rack in a cluster.")
final class RackInstallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PROVIDER", description = "Where to install: kubernetes.")
  String provider;

  @Option(names = "--dry-run", description = "Print the objects as YAML instead of applying them.")
  boolean dryRun;

  @Option(names = "--name", description = "Rack name (default: dev).")
  String name = "dev";

  @Option(names = "--image", description = "The rack's container image (default: jrack:VERSION; build it from this repository).")
  String image;

  @Option(names = "--storage", description = "Size of the rack's store volume (default: 1Gi).")
  String storage = "1Gi";

  @Override
  public Integer call() {
    if (!"kubernetes".equals(provider)) {
      throw new UserError("unknown provider: " + provider + " (expected: kubernetes)");
    }
    if (!dryRun) {
      throw new UserError("only --dry-run is supported: `convox rack install kubernetes --dry-run | kubectl apply -f -`");
    }
    if (!name.matches("[a-z][a-z0-9-]{0,29}")) {
      throw new UserError("invalid rack name: \"%s\" (expected: a lowercase letter, then lowercase letters, digits or dashes, at most 30)".formatted(name));
    }
    String version = Version.current();
    String yaml = Launchers.cluster().install(name, image != null ? image : "jrack:" + version, storage);
    spec.commandLine().getOut().print(yaml);
    return 0;
  }
}
