package io.jrack.cli;

import io.jrack.rack.ServiceInfo;
import java.util.Comparator;
import picocli.CommandLine.Command;

/**
 * {@code convox restart}: every service of the app, in name order, one after the other, as Convox
 * does it ({@code Restarting web... OK}); {@code convox services restart SERVICE}: one.
 */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart an app.")
final class RestartCommand extends RackCall.ForApp {

  @Override
  void run() {
    String app = app();
    for (ServiceInfo s : rack().serviceList(app).stream().sorted(Comparator.comparing(ServiceInfo::name)).toList()) {
      start("Restarting " + s.name());
      rack().serviceRestart(app, s.name());
      ok();
    }
  }

  /** {@code convox services restart SERVICE}; its model is built in code, with {@code services}'s (see {@link Specs}). */
  static final class Service extends RackCall.ForApp {
    String service;

    @Override
    void run() {
      start("Restarting " + service);
      rack().serviceRestart(app(), service);
      ok();
    }
  }
}
