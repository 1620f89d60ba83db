package io.jrack.discovery;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which app serves which public host name, and what a promote or a new app name would take from
 * another app. Default domains are {@code <app>-<service>.<RouterHost>} and app names hold dashes,
 * so {@code shop-api} + {@code web} and {@code shop} + {@code api-web} are the same host: the second
 * to ask is refused, and every domain already served stays as it is.
 */
public final class DomainClaims {
  private DomainClaims() {}

  /** One host name a public service answers to: its default domain, or a custom {@code domain:}. */
  public record Claim(String host, String app, String service, boolean custom) {}

  /** The hosts {@code app}'s public services answer to (internal services, unless internalAndExternal, those on the internal router and those without a port have none). */
  public static List<Claim> of(String app, Manifest manifest, String routerHost) {
    List<Claim> out = new ArrayList<>();
    for (Service s : manifest.services()) {
      if (!s.servedPublicly()) {
        continue;
      }
      out.add(new Claim(ServicesTable.defaultDomain(app, s.name(), routerHost), app, s.name(), false));
      for (String d : s.domains()) {
        out.add(new Claim(normal(d), app, s.name(), true));
      }
    }
    return out;
  }

  /**
   * Why {@code wanted} (one app's claims) can not be served beside {@code others} (other apps'
   * claims): a host another app serves, or one host for two of the app's own services. Empty when none.
   */
  public static List<String> conflicts(List<Claim> wanted, Collection<Claim> others) {
    Map<String, Claim> taken = new HashMap<>();
    others.forEach(c -> taken.putIfAbsent(c.host(), c));
    List<String> problems = new ArrayList<>();
    Map<String, Claim> own = new HashMap<>();
    for (Claim c : wanted) {
      Claim other = taken.get(c.host());
      if (other != null && !other.app().equals(c.app())) {
        problems.add(c.custom()
            ? "domain %s: already served by app %s".formatted(c.host(), other.app())
            : "app %s: its service %s would be %s, already the domain of app %s service %s".formatted(c.app(), c.service(), c.host(), other.app(), other.service()));
        continue;
      }
      Claim first = own.putIfAbsent(c.host(), c);
      if (first != null && !first.service().equals(c.service())) {
        problems.add("domain %s: claimed by both services %s and %s (expected: one service per domain)".formatted(c.host(), first.service(), c.service()));
      }
    }
    return problems;
  }

  /**
   * Why a new app can not be named {@code app}: a host another app serves, {@code <app>-<rest>.<routerHost>},
   * is the default domain its service {@code rest} would get. Empty when none.
   */
  public static List<String> nameConflicts(String app, String routerHost, Collection<Claim> others) {
    String prefix = (app + "-").toLowerCase(Locale.ROOT);
    String suffix = "." + routerHost.toLowerCase(Locale.ROOT);
    List<String> problems = new ArrayList<>();
    for (Claim c : others) {
      if (c.app().equals(app) || !c.host().startsWith(prefix) || !c.host().endsWith(suffix)) {
        continue;
      }
      String service = c.host().substring(prefix.length(), c.host().length() - suffix.length());
      if (!service.isEmpty() && service.indexOf('.') < 0) {
        problems.add("app %s: its service %s would be %s, already the domain of app %s service %s".formatted(app, service, c.host(), c.app(), c.service()));
      }
    }
    return problems;
  }

  /** Host names are case-insensitive and {@code example.com.} is {@code example.com}. */
  private static String normal(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
