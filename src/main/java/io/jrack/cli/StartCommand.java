package io.jrack.cli;

import io.jrack.manifest.ManifestParser;
import io.jrack.manifest.ParseResult;
import io.jrack.manifest.Service;
import io.jrack.rack.Build;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProviderException;
import io.jrack.rack.RackLauncher;
import io.jrack.rack.ServiceInfo;
import io.jrack.sdk.RackAddress;
import io.jrack.sdk.RackClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convox start [DIR]}: run an app on this machine. Uses the running local rack, or starts
 * one in this process; deploys the app; streams every service's output prefixed with its name.
 * Ctrl-C stops a rack started here, and with it the app's processes.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start an app on this machine and stream its logs.")
final class StartCommand extends RackCall {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The app's directory (default: .).")
  String dir;

  @Option(names = {"-a", "--app"}, description = "App name (default: the directory's name).")
  String appName;

  @Option(names = "--http-port", description = "Router HTTP port of a rack started here (default: 80, else a free one).")
  int httpPort;

  @Option(names = "--https-port", description = "Router HTTPS port of a rack started here (default: 443, else a free one).")
  int httpsPort;

  @Override
  void run() throws Exception {
    CliContext ctx = context();
    Path source = ctx.resolve(dir);
    LocalApp local = LocalApp.open(source.toString(), appName);
    String app = local.name();
    PrintWriter out = out();

    RackLauncher.Running started = reachableRack(ctx).isPresent() ? null : startRack(ctx, out);
    if (started != null) {
      ctx.use(new RackClient(java.net.URI.create(started.apiUrl()), started.password()));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        out.println("\nstopping " + app + " and the rack...");
        out.flush();
        started.close();
      }, "convox-start-stop"));
      enableInternalIfNeeded(local, out);
    }
    try {
      rack().appGet(app);
    } catch (ProviderException e) {
      if (e.kind() != ProviderException.Kind.NOT_FOUND) {
        throw e;
      }
      start("Creating " + app);
      rack().appCreate(app);
      ok();
    }
    java.time.Instant deployStart = java.time.Instant.now();
    Build b = BuildCommand.build(this, app, source.toString(), null, null);
    ReleasesCommand.promote(this, app, b.release());
    for (ServiceInfo s : rack().serviceList(app)) {
      if (!s.ports().isEmpty() && !s.domain().equals("127.0.0.1")) {
        out.printf("%s  http://%s:%d%n", s.name(), s.domain(), s.ports().get(0).balancer());
      } else if (!s.ports().isEmpty()) {
        out.printf("%s  internal: http://%s:%d%n", s.name(), s.domain(), s.ports().get(0).balancer());
      }
    }
    out.flush();
    int width = java.util.stream.Stream.concat(rack().serviceList(app).stream().map(io.jrack.rack.ServiceInfo::name),
        rack().resourceList(app).stream().map(io.jrack.rack.ResourceInfo::name)).mapToInt(String::length).max().orElse(4);
    try {
      // From the start of this deploy, so the services' first lines (printed while promoting) show too.
      Duration since = Duration.between(deployStart, java.time.Instant.now()).plusSeconds(1);
      rack().logs(app, new LogOptions(since, true), line -> {
        out.println(prefixed(line, Math.max(width, 5)));
        out.flush();
      });
    } catch (ProviderException e) {
      if (started == null) {
        throw e;
      }
      // Ctrl-C closed the rack we started, and with it the log stream: a normal end.
    }
  }

  private Optional<RackAddress> reachableRack(CliContext ctx) {
    Optional<RackAddress> address = RackAddress.resolve(ctx.env());
    if (address.isEmpty()) {
      return Optional.empty();
    }
    try {
      RackClient.of(address.get()).auth();
      return address;
    } catch (ProviderException e) {
      if (e.kind() == ProviderException.Kind.UNAUTHORIZED) {
        throw new UserError("the rack at " + address.get().url() + " refused the password (" + address.get().source() + ")");
      }
      return Optional.empty();
    }
  }

  private RackLauncher.Running startRack(CliContext ctx, PrintWriter out) throws Exception {
    RackLauncher launcher = Launchers.embedded();
    start("Starting a local rack");
    RackLauncher.Running running;
    try {
      running = launcher.start(new RackLauncher.Options(null, null, null, 0, null, httpPort, httpsPort, null), ctx.env(), out);
    } catch (Exception e) {
      if (httpPort != 0 || httpsPort != 0) {
        throw e;
      }
      // Ports 80/443 are taken or need privileges: any free ports will do for a local run.
      running = launcher.start(new RackLauncher.Options(null, null, null, -1, null, -1, -1, null), ctx.env(), out);
    }
    ok();
    out.printf("rack API %s, router http %d https %d%n", running.apiUrl(), running.httpPort(), running.httpsPort());
    return running;
  }

  /** A rack started for this app may allow internal services when the app has some: the user asked to run it. */
  private void enableInternalIfNeeded(LocalApp local, PrintWriter out) {
    ParseResult parsed = ManifestParser.builder().env(local.dotEnv()).build().parseText(local.text());
    boolean internal = parsed.manifest().map(m -> m.services().stream().anyMatch(Service::internal)).orElse(false);
    if (internal && !"Yes".equals(rack().paramsGet().get("Internal"))) {
      start("Setting Internal=Yes on this local rack (the app has internal services)");
      rack().paramsSet(Map.of("Internal", "Yes"));
      ok();
    }
  }

  /** {@code 2026-...Z web/web-abc123 text} becomes {@code web    | text}; {@code resource/database} becomes {@code database}. */
  static String prefixed(String line, int width) {
    String[] parts = line.split(" ", 3);
    if (parts.length < 3) {
      return line;
    }
    String source = parts[1];
    int slash = source.indexOf('/');
    String name = slash < 0 ? source : source.substring(0, slash);
    if (name.equals("system")) {
      name = "rack";
    } else if (name.equals("resource")) {
      name = source.substring(slash + 1); // the resource's own name: database, cache
    }
    return String.format("%-" + width + "s | %s", name, parts[2]);
  }
}
