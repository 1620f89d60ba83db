package io.jrack.cli;

import io.jrack.rack.ClusterTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convox kubernetes render}: what a deploy to a Kubernetes rack would apply, without a cluster. */
@Command(name = "kubernetes", mixinStandardHelpOptions = true, description = "Kubernetes tools that need no cluster.",
    subcommands = {KubernetesCommand.RenderCommand.class})
final class KubernetesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "render", mixinStandardHelpOptions = true,
      description = "Print every object a deploy of the app would apply, as multi-document YAML (for review and GitOps).")
  static final class RenderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "App directory (default: .).")
    String dir;

    @Option(names = {"-a", "--app"}, description = "App name (default: the directory's name).")
    String app;

    @Option(names = "--rack", description = "Rack name, which prefixes namespaces (default: dev).")
    String rack = "dev";

    @Option(names = {"-e", "--env"}, description = "App variable KEY=VALUE (repeatable); DIR/.env is read too.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-p", "--param"}, description = "Rack parameter KEY=VALUE (repeatable): RouterHost, IngressClass, IngressTlsIssuer, BuildRegistry.")
    List<String> params = new ArrayList<>();

    @Option(names = "--resource-password", paramLabel = "NAME=PASSWORD",
        description = "Password of a resource the rack runs (repeatable; default: a new random one).")
    List<String> resourcePasswords = new ArrayList<>();

    @Option(names = "--release", description = "Release id to label the objects with (default: manual).")
    String release = "manual";

    @Option(names = "--build", description = "Build id that tags built images (default: manual).")
    String build = "manual";

    @Override
    public Integer call() {
      LocalApp local = LocalApp.open(dir == null ? "." : dir, app);
      Map<String, String> appEnv = new LinkedHashMap<>(local.dotEnv());
      appEnv.putAll(LocalApp.pairs(env));
      ClusterTools tools = Launchers.cluster();
      String yaml;
      try {
        yaml = tools.render(new ClusterTools.RenderRequest(local.text(), local.name(), rack, LocalApp.pairs(params), appEnv, release, build,
            LocalApp.pairs(resourcePasswords)));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      spec.commandLine().getOut().print(yaml);
      return 0;
    }
  }
}
