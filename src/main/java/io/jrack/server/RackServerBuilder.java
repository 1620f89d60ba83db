package io.jrack.server;

import java.io.IOException;
import java.nio.file.Path;

/** Options of an embedded rack, with the defaults of {@code convox rack start}. */
public final class RackServerBuilder {
  String name = "dev";
  Path dir;
  String version = "dev";
  String apiHost = "127.0.0.1";
  boolean apiTls;
  int apiPort = 5080;
  String routerBind = "0.0.0.0";
  int httpPort = 80;
  int httpsPort = 443;
  String password;
  String runtime = "embedded";
  String kubeconfig;
  String kubeContext;
  io.fabric8.kubernetes.client.KubernetesClient kubernetesClient;
  io.jrack.runtime.kubernetes.KubernetesRuntime.Timing kubernetesTiming = io.jrack.runtime.kubernetes.KubernetesRuntime.Timing.DEFAULT;
  // Below Linux's ephemeral range (32768-60999): an outgoing connection can never be holding the
  // port an internal endpoint or resource comes back to after a restart.
  int endpointPortFirst = 21000;
  int endpointPortLast = 28999;
  boolean prepareResources;
  long minFreeDisk = 64L << 20;

  RackServerBuilder() {}

  public RackServerBuilder name(String v) { name = v; return this; }
  public RackServerBuilder dir(Path v) { dir = v; return this; }
  public RackServerBuilder version(String v) { version = v; return this; }
  /** Any address other than loopback is served over HTTPS with the rack's own certificate. */
  public RackServerBuilder apiHost(String v) { apiHost = v; return this; }
  /** HTTPS even on loopback. */
  public RackServerBuilder apiTls(boolean v) { apiTls = v; return this; }
  /** 0 picks a free port. */
  public RackServerBuilder apiPort(int v) { apiPort = v; return this; }
  public RackServerBuilder routerBind(String v) { routerBind = v; return this; }
  /** 0 picks a free port; -1 disables the listener. */
  public RackServerBuilder httpPort(int v) { httpPort = v; return this; }
  public RackServerBuilder httpsPort(int v) { httpsPort = v; return this; }
  /** The rack password; null keeps (or creates) the one in the rack's directory. */
  public RackServerBuilder password(String v) { password = v; return this; }
  /**
   * Prepares resource servers in the background once started (PostgreSQL's template cluster), so a
   * first deploy does not pay for it. Off by default: a test rack would spend a core on it for nothing.
   */
  public RackServerBuilder prepareResources(boolean v) { prepareResources = v; return this; }
  /**
   * Below this many free bytes on the rack directory's disk the rack is read-only: it refuses
   * builds, env changes and new apps with 507 {@code disk full}, and still deletes.
   */
  public RackServerBuilder minFreeDisk(long bytes) { minFreeDisk = bytes; return this; }
  public RackServerBuilder endpointPorts(int first, int last) { endpointPortFirst = first; endpointPortLast = last; return this; }

  /**
   * Where apps run: {@code embedded} (processes on this machine), {@code containers} (Podman on this
   * machine), {@code auto} (containers where this machine runs them, else processes: what
   * {@code convox rack start} does unless told) or {@code kubernetes}.
   */
  public RackServerBuilder runtime(String v) { runtime = v; return this; }
  /** The kubeconfig file; null: $KUBECONFIG, ~/.kube/config, or the in-cluster service account. */
  public RackServerBuilder kubeconfig(String v) { kubeconfig = v; return this; }
  /** The kubeconfig context; null: its current context. */
  public RackServerBuilder kubeContext(String v) { kubeContext = v; return this; }
  /** A client to use instead of one made from kubeconfig (the rack closes it); implies the kubernetes runtime. */
  public RackServerBuilder kubernetesClient(io.fabric8.kubernetes.client.KubernetesClient v) { kubernetesClient = v; runtime = "kubernetes"; return this; }
  public RackServerBuilder kubernetesTiming(io.jrack.runtime.kubernetes.KubernetesRuntime.Timing v) { kubernetesTiming = v; return this; }

  /** Starts the rack; everything started so far is stopped again if a step fails. */
  public RackServer start() throws IOException, InterruptedException {
    if (dir == null) {
      dir = Path.of(System.getProperty("user.home"), ".jrack", "racks", name);
    }
    RackServer server = new RackServer(this);
    server.start();
    return server;
  }
}
