package io.jrack.cli;

import io.jrack.rack.RackLauncher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convox rack start}: run an embedded rack in the foreground; Ctrl-C stops it and its apps. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Run an embedded rack in the foreground.")
final class RackStartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--name", description = "Rack name (default: dev).")
  String name;

  @Option(names = "--dir", description = "State directory (default: ~/.jrack/racks/NAME, or $JRACK_HOME/racks/NAME).")
  String dir;

  @Option(names = "--api-host", description = "API address (default: 127.0.0.1; only loopback is allowed).")
  String apiHost;

  @Option(names = "--api-port", description = "API port (default: 5080; -1 picks a free one).")
  int apiPort;

  @Option(names = "--router-bind", description = "Address of the public router listeners (default: 0.0.0.0).")
  String routerBind;

  @Option(names = "--http-port", description = "Router HTTP port (default: 80, none with --runtime kubernetes; -1 picks a free one).")
  int httpPort;

  @Option(names = "--https-port", description = "Router HTTPS port (default: 443, none with --runtime kubernetes; -1 picks a free one).")
  int httpsPort;

  @Option(names = "--runtime", description = "Where apps run: containers (Podman on this machine; the default where it works), embedded (processes on this machine; the default elsewhere) or kubernetes.")
  String runtime;

  @Option(names = "--kubeconfig", description = "With --runtime kubernetes: the kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
  String kubeconfig;

  @Option(names = "--context", description = "With --runtime kubernetes: the kubeconfig context (default: its current one).")
  String context;

  @Override
  public Integer call() {
    if ((kubeconfig != null || this.context != null) && !"kubernetes".equals(runtime)) {
      throw new UserError("--kubeconfig and --context go with --runtime kubernetes");
    }
    CliContext context = CliContext.of(spec);
    RackLauncher.Options options = new RackLauncher.Options(name, dir, apiHost, apiPort, routerBind, httpPort, httpsPort, runtime,
        kubeconfig, this.context);
    return Launchers.embedded().run(options, context.env(), spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
