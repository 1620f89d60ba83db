package io.jrack.rack;

import java.io.PrintWriter;

/**
 * Runs an embedded rack in the foreground (for {@code convox rack start}). Found through
 * {@link java.util.ServiceLoader}, so the CLI does not link the server, router or runtime classes.
 */
public interface RackLauncher {

  /** Options of {@code convox rack start}; null or 0 means the default. */
  record Options(String name, String dir, String apiHost, int apiPort, String routerBind, int httpPort, int httpsPort, String runtime) {}

  /** Starts the rack, prints how to reach it, and blocks until it stops; returns an exit code. */
  int run(Options options, java.util.Map<String, String> env, PrintWriter out, PrintWriter err);
}
