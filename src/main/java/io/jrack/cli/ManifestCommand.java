package io.jrack.cli;

import io.jrack.discovery.DiscoveryContext;
import io.jrack.discovery.PreviewEndpoints;
import io.jrack.discovery.RackInfo;
import io.jrack.discovery.Resolution;
import io.jrack.discovery.ServiceEnvironment;
import io.jrack.manifest.Diagnostic;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import io.jrack.manifest.Service;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convox manifest validate|env}: check a convox.yml and preview a service's environment locally. */
@Command(name = "manifest", mixinStandardHelpOptions = true, description = "Check a convox.yml without a rack.",
    subcommands = {ManifestCommand.Validate.class, ManifestCommand.Env.class})
final class ManifestCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by both subcommands. */
  static final class Source {
    @Option(names = {"-f", "--file"}, description = "Manifest file or app directory (default: ./convox.yml).")
    String file;

    @Option(names = {"-e", "--env"}, description = "App variable KEY=VALUE (repeatable); ./.env is read too.")
    List<String> env = new ArrayList<>();

    Map<String, String> env(LocalApp app) {
      Map<String, String> out = new LinkedHashMap<>(app.dotEnv());
      out.putAll(LocalApp.pairs(env));
      return out;
    }
  }

  static ParseResult parse(LocalApp app, Map<String, String> env, PrintWriter err) {
    ParseResult result = ManifestParser.builder().file(app.displayName()).env(env).build().parseText(app.text());
    for (Diagnostic d : result.diagnostics()) {
      err.println(d);
    }
    return result;
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Print OK and a summary per service, or every error with its line and column.")
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Source source = new Source();

    @Override
    public Integer call() {
      LocalApp app = LocalApp.open(source.file, null);
      ParseResult result = parse(app, source.env(app), spec.commandLine().getErr());
      if (!result.ok()) {
        spec.commandLine().getErr().printf("%d error%s in %s%n", result.errors().size(), result.errors().size() == 1 ? "" : "s", app.displayName());
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("OK");
      for (Service s : result.manifest().get().services()) {
        out.println(summary(s));
      }
      return 0;
    }

    static String summary(Service s) {
      List<String> parts = new ArrayList<>();
      parts.add(s.name());
      parts.add(s.mainPort().map(p -> "port " + p).orElse("no port"));
      if (!s.links().isEmpty()) {
        parts.add("links " + String.join(",", s.links().stream().map(Object::toString).toList()));
      }
      if (!s.resources().isEmpty()) {
        parts.add("resources " + String.join(",", s.resources().stream().map(Object::toString).toList()));
      }
      if (s.internalAndExternal()) {
        parts.add("internal and external");
      } else if (s.internal()) {
        parts.add("internal");
      } else if (s.internalRouter()) {
        parts.add("internal router");
      }
      return String.join("  ", parts);
    }
  }

  @Command(name = "env", mixinStandardHelpOptions = true,
      description = "Print the environment SERVICE would get on an embedded rack, as sorted KEY=VALUE lines.")
  static final class Env implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Source source = new Source();

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service.")
    String service;

    @Option(names = {"-a", "--app"}, description = "App name (default: the directory's name).")
    String appName;

    @Option(names = "--rack", description = "Rack name (default: ${DEFAULT-VALUE}).", defaultValue = "dev")
    String rack;

    @Option(names = "--router-host", description = "Router host (default: ${DEFAULT-VALUE}).", defaultValue = "dev.localhost")
    String routerHost;

    @Override
    public Integer call() {
      LocalApp app = LocalApp.open(source.file, appName);
      Map<String, String> env = source.env(app);
      PrintWriter err = spec.commandLine().getErr();
      ParseResult result = parse(app, env, err);
      if (!result.ok()) {
        return 1;
      }
      Manifest manifest = result.manifest().get();
      Service s = manifest.service(service).orElseThrow(() -> new UserError(
          "no service %s in %s (services: %s)".formatted(service, app.displayName(),
              String.join(", ", manifest.services().stream().map(Service::name).toList()))));
      DiscoveryContext ctx = new DiscoveryContext(RackInfo.of(rack, routerHost, 80, 443), app.name(), manifest, env, null, new PreviewEndpoints(app.name(), manifest));
      Resolution resolution = ServiceEnvironment.of(ctx, s);
      if (!resolution.complete()) {
        resolution.problems().forEach(p -> err.println("ERROR: " + p));
        return 1;
      }
      resolution.env().forEach((k, v) -> spec.commandLine().getOut().println(k + "=" + v));
      if (!s.links().isEmpty() || !s.resources().isEmpty()) {
        err.println("# link and resource addresses are placeholders until the app runs on a rack");
      }
      return 0;
    }
  }
}
