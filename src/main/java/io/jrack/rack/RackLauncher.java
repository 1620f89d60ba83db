package io.jrack.rack;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Runs an embedded rack (for {@code convox rack start} and {@code convox start}). Found through
 * {@link java.util.ServiceLoader}, so the CLI does not link the server, router or runtime classes.
 */
public interface RackLauncher {

  /**
   * Options of {@code convox rack start}; null or 0 means the default. {@code kubeconfig} and
   * {@code kubeContext} pick the cluster of the {@code kubernetes} runtime.
   */
  record Options(String name, String dir, String apiHost, int apiPort, String routerBind, int httpPort, int httpsPort, String runtime,
      String kubeconfig, String kubeContext) {
    /** Options for the embedded runtime's callers, which name no cluster. */
    public Options(String name, String dir, String apiHost, int apiPort, String routerBind, int httpPort, int httpsPort, String runtime) {
      this(name, dir, apiHost, apiPort, routerBind, httpPort, httpsPort, runtime, null, null);
    }
  }

  /** A rack started in this process; closing it stops the rack and every process it runs. */
  interface Running extends AutoCloseable {
    String apiUrl();

    String password();

    int httpPort();

    int httpsPort();

    /** Where its CA certificate is, for users to trust. */
    String certificateFile();

    @Override
    void close();
  }

  /** Starts a rack in this process and records it as the CLI's current rack. */
  Running start(Options options, Map<String, String> env, PrintWriter out) throws Exception;

  /** Starts the rack, prints how to reach it, and blocks until it stops; returns an exit code. */
  int run(Options options, Map<String, String> env, PrintWriter out, PrintWriter err);
}
