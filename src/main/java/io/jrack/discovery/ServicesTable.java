package io.jrack.discovery;

import io.jrack.manifest.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of {@code convox services}. A public service is named {@code <app>-<service>.<RouterHost>}
 * (or its custom {@code domain:}) and listed on every public listener; an internal service shows its
 * internal endpoint; a service with no port has neither.
 */
public final class ServicesTable {
  private ServicesTable() {}

  public static List<ServiceRow> rows(DiscoveryContext ctx) {
    List<ServiceRow> out = new ArrayList<>();
    for (Service s : ctx.manifest().services()) {
      out.add(row(ctx, s));
    }
    return out;
  }

  static ServiceRow row(DiscoveryContext ctx, Service s) {
    if (!s.hasPort()) {
      return new ServiceRow(s.name(), "", List.of());
    }
    int port = s.port().port();
    if (s.internal()) {
      return ctx.endpoints()
          .service(ctx.app(), s.name())
          .map(e -> new ServiceRow(s.name(), e.host(), List.of(new ServiceRow.Port(e.port(), port))))
          .orElse(new ServiceRow(s.name(), "(internal)", List.of()));
    }
    String domain = s.domains().isEmpty() ? defaultDomain(ctx.app(), s.name(), ctx.rack().routerHost()) : String.join(",", s.domains());
    List<ServiceRow.Port> ports = ctx.rack().listeners().stream().map(l -> new ServiceRow.Port(l.port(), port)).toList();
    return new ServiceRow(s.name(), domain, ports);
  }

  /**
   * The host names the router (or an Ingress) answers for a public service: {@code
   * <app>-<service>.<routerHost>} and its custom domains, lower-cased; none for an internal one.
   */
  public static java.util.List<String> publicHosts(DiscoveryContext ctx, io.jrack.manifest.Service s) {
    java.util.List<String> hosts = new java.util.ArrayList<>();
    if (!s.internal()) {
      hosts.add(defaultDomain(ctx.app(), s.name(), ctx.rack().routerHost()));
      s.domains().forEach(d -> hosts.add(d.toLowerCase(Locale.ROOT)));
    }
    return hosts;
  }

  /** {@code <app>-<service>.<routerHost>}, lower-cased: host names are case-insensitive. */
  public static String defaultDomain(String app, String service, String routerHost) {
    return (app + "-" + service + "." + routerHost).toLowerCase(Locale.ROOT);
  }
}
