package io.jrack.cli;

import io.jrack.rack.ServiceInfo;
import io.jrack.sdk.ClientJson;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convox services}: each service's domain and port mappings ({@code 80:3000 443:3000}). */
final class ServicesCommand extends RackCall.ForApp {
  boolean json;

  /** Its picocli model, built in code (see {@link Specs}: the command run most). */
  static CommandSpec spec() {
    ServicesCommand c = new ServicesCommand();
    CommandSpec spec = Specs.command("services", c, "List services for an app.");
    spec.addOption(Specs.app(c));
    spec.addOption(Specs.flag("Print the services as JSON.", v -> c.json = v, "--json"));
    RestartCommand.Service restart = new RestartCommand.Service();
    CommandSpec r = Specs.command("restart", restart, "Restart a service.");
    r.addOption(Specs.app(restart));
    r.addPositional(Specs.parameter("0", "1", "SERVICE", "The service.", v -> restart.service = v));
    Specs.sub(spec, r);
    return spec;
  }

  @Override
  void run() {
    List<ServiceInfo> services = rack().serviceList(app());
    if (json) {
      out().println(ClientJson.pretty(services));
      return;
    }
    Table t = Table.of("SERVICE", "DOMAIN", "PORTS");
    for (ServiceInfo s : services) {
      t.row(s.name(), s.domain(), ports(s));
    }
    t.print(out());
  }

  /** {@code balancer:container} per mapping, or the container port alone when nothing balances it. */
  static String ports(ServiceInfo s) {
    List<String> out = new ArrayList<>();
    for (ServiceInfo.PortMapping p : s.ports() == null ? List.<ServiceInfo.PortMapping>of() : s.ports()) {
      out.add(p.balancer() != 0 ? p.balancer() + ":" + p.container() : Integer.toString(p.container()));
    }
    return String.join(" ", out);
  }
}
