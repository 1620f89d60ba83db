package io.jrack.cli;

import io.jrack.rack.RackLauncher;
import java.util.ServiceLoader;

/** Finds the embedded rack through {@link ServiceLoader}, keeping server classes out of the CLI's class graph. */
final class Launchers {
  private Launchers() {}

  static RackLauncher embedded() {
    return ServiceLoader.load(RackLauncher.class).findFirst()
        .orElseThrow(() -> new UserError("this convox has no embedded rack (the jar lacks io.jrack.server)"));
  }
}
