package io.jrack.cli;

import io.jrack.rack.ClusterTools;
import io.jrack.rack.RackLauncher;
import java.util.ServiceLoader;

/** Finds the embedded rack through {@link ServiceLoader}, keeping server classes out of the CLI's class graph. */
final class Launchers {
  private Launchers() {}

  static RackLauncher embedded() {
    return ServiceLoader.load(RackLauncher.class).findFirst()
        .orElseThrow(() -> new UserError("this jar has no embedded rack (target/convox-cli.jar is the CLI alone): run it through bin/convox, or from target/jrack.jar"));
  }

  /** The Kubernetes tools; fabric8 loads only when a command that needs it runs. */
  static ClusterTools cluster() {
    return ServiceLoader.load(ClusterTools.class).findFirst()
        .orElseThrow(() -> new UserError("this jar has no Kubernetes tools (target/convox-cli.jar is the CLI alone): run it through bin/convox, or from target/jrack.jar"));
  }
}
