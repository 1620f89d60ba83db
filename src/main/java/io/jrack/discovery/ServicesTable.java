package io.jrack.discovery;

import io.jrack.manifest.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of {@code convox services}. A public service is named {@code <app>-<service>.<RouterHost>}
 * (or its custom {@code domain:}) and listed on every public listener; an internal service shows its
 * internal endpoint; one both ({@code internalAndExternal}) shows both as Convox Gen2 does,
 * {@code <internal>(internal), <public>(external)}; one on the internal router ({@code internalRouter})
 * its name there, {@code <service>.<app>.<rack>.internal}, on the router's ports as reached from
 * inside the rack; a service with no port has none.
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
    List<ServiceRow.Port> listeners = ctx.rack().listeners().stream().map(l -> new ServiceRow.Port(l.port(), port)).toList();
    if (s.internalRouter()) {
      return new ServiceRow(s.name(), internalRouterHost(ctx.rack().name(), ctx.app(), s.name()), listeners);
    }
    String domain = s.domains().isEmpty() ? defaultDomain(ctx.app(), s.name(), ctx.rack().routerHost()) : String.join(",", s.domains());
    if (s.internal()) {
      ServiceRow internal = ctx.endpoints()
          .service(ctx.app(), s.name())
          .map(e -> new ServiceRow(s.name(), e.host(), List.of(new ServiceRow.Port(e.port(), port))))
          .orElse(new ServiceRow(s.name(), "(internal)", List.of()));
      if (!s.internalAndExternal()) {
        return internal;
      }
      List<ServiceRow.Port> both = new ArrayList<>(internal.ports());
      both.addAll(listeners);
      return new ServiceRow(s.name(), internal.domain() + "(internal), " + domain + "(external)", both);
    }
    return new ServiceRow(s.name(), domain, listeners);
  }

  /**
   * The host names the router (or an Ingress) answers for a public service: {@code
   * <app>-<service>.<routerHost>} and its custom domains, lower-cased; none for an internal one
   * (unless it is {@code internalAndExternal}) or one on the internal router.
   */
  public static java.util.List<String> publicHosts(DiscoveryContext ctx, io.jrack.manifest.Service s) {
    java.util.List<String> hosts = new java.util.ArrayList<>();
    if (s.servedPublicly()) {
      hosts.add(defaultDomain(ctx.app(), s.name(), ctx.rack().routerHost()));
      s.domains().forEach(d -> hosts.add(d.toLowerCase(Locale.ROOT)));
    }
    return hosts;
  }

  /** The host names the rack's internal router answers for {@code s}: one for an {@code internalRouter} service, else none. */
  public static List<String> internalRouterHosts(DiscoveryContext ctx, Service s) {
    return s.internalRouter() && s.hasPort() ? List.of(internalRouterHost(ctx.rack().name(), ctx.app(), s.name())) : List.of();
  }

  /**
   * {@code <service>.<app>.<rack>.internal}, lower-cased: as Convox v3 names a service on its
   * internal router ({@code <service>.<app>.<DomainInternal>}), with the rack's own internal domain.
   */
  public static String internalRouterHost(String rack, String app, String service) {
    return (service + "." + app + "." + ServiceNames.internalRouterZone(rack)).toLowerCase(Locale.ROOT);
  }

  /** {@code <app>-<service>.<routerHost>}, lower-cased: host names are case-insensitive. */
  public static String defaultDomain(String app, String service, String routerHost) {
    return (app + "-" + service + "." + routerHost).toLowerCase(Locale.ROOT);
  }
}
