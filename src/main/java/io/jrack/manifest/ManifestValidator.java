package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rules that span more than one value: names, ranges, and references between services, resources,
 * timers and balancers. Every violation is recorded; nothing stops at the first.
 */
final class ManifestValidator {
  static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]*$");

  /** Names a message lists at most; a file with thousands of services must not give megabyte messages. */
  private static final int MAX_LISTED = 20;

  private final Diagnostics diagnostics;
  // Built once per manifest: a lookup per link, timer or resource would make large files quadratic.
  private final Map<String, Service> services = new HashMap<>();
  private final Set<String> resources = new HashSet<>();
  private List<String> withPort = List.of();

  ManifestValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void validate(Manifest m, YMap root) {
    m.services().forEach(s -> services.putIfAbsent(s.name(), s));
    m.resources().forEach(r -> resources.add(r.name()));
    withPort = m.services().stream().filter(Service::hasPort).map(Service::name).toList();
    balancers(m);
    new BudgetValidator(diagnostics).validate(m, root);
    for (Resource r : m.resources()) {
      // Every dialect: a resource's name becomes a directory and a host name. Gen2 also allows _.
      (m.dialect() == Dialect.V3 ? DnsLabel.problem("resource", r.name()) : DnsLabel.gen2ResourceProblem(r.name()))
          .ifPresent(problem -> diagnostics.error(r.position(), problem));
    }
    Set<String> seen = new HashSet<>();
    for (Service s : m.services()) {
      service(m, s);
      seen.add(s.name());
    }
    new NlbValidator(diagnostics).validate(m);
    timers(m);
  }

  private void service(Manifest m, Service s) {
    DnsLabel.problem("service", s.name()).ifPresent(problem -> diagnostics.error(s.position(), problem));
    deployment(m.dialect(), s, s.deployment());
    if (s.internalAndExternal() && s.internalRouter()) {
      diagnostics.error(s.position(), ("service %s can not have both internalAndExternal and internalRouter set as true "
          + "(internalAndExternal serves it on the public router as well; internalRouter keeps it off the public router)").formatted(s.name()));
    } else if (s.internal() && s.internalRouter()) {
      diagnostics.error(s.position(), "service %s can not have both internal and internalRouter set as true".formatted(s.name()));
    }
    for (ResourceRef ref : s.resources()) {
      if (!resources.contains(ref.name())) {
        diagnostics.error(ref.position(),
            ("service %s references a resource that does not exist: %s (declare it at the top level: "
                + "\"resources: {%s: {type: postgres}}\"; types: postgres, mysql, mariadb, redis, memcached)").formatted(s.name(), ref.name(), ref.name()));
      }
    }
    links(m, s);
  }

  /**
   * Deploy bounds in percent. A gen2 maximum below 100 is allowed: ECS then stops old tasks before
   * starting new ones, and convox/rack's own full.yml loads with maximum 65.
   */
  private void deployment(Dialect dialect, Service s, Deployment d) {
    if (d.minimum() < 0) {
      diagnostics.error(s.position(), "service %s deployment minimum can not be less than 0 (got %d; expected 0-100)".formatted(s.name(), d.minimum()));
    }
    if (d.minimum() > 100) {
      diagnostics.error(s.position(), "service %s deployment minimum can not be greater than 100 (got %d; expected 0-100)".formatted(s.name(), d.minimum()));
    }
    if (d.maximum() < 100 && dialect == Dialect.V3) {
      diagnostics.error(s.position(), "service %s deployment maximum can not be less than 100 (got %d; expected 100-200)".formatted(s.name(), d.maximum()));
    }
    if (d.maximum() > 200) {
      diagnostics.error(s.position(), "service %s deployment maximum can not be greater than 200 (got %d; expected 100-200)".formatted(s.name(), d.maximum()));
    }
  }

  private void links(Manifest m, Service s) {
    Set<String> seen = new HashSet<>();
    for (Link link : s.links()) {
      String field = "services." + s.name() + ".links";
      if (!seen.add(link.toString())) {
        diagnostics.warning(link.position(), "%s: \"%s\" is listed twice".formatted(field, link));
        continue;
      }
      if (link.isCrossApp()) {
        if (!NAME.matcher(link.app()).matches() || !NAME.matcher(link.service()).matches()) {
          diagnostics.error(link.position(), "%s: \"%s\" (expected: SERVICE or APP/SERVICE, names of lowercase letters, digits and dashes)".formatted(field, link));
        }
        continue;
      }
      if (link.service().equals(s.name())) {
        diagnostics.error(link.position(), "%s: \"%s\" (expected: another service; a service can not link to itself)".formatted(field, link));
        continue;
      }
      Service target = services.get(link.service());
      if (target == null) {
        List<String> names = withPort.stream().filter(n -> !n.equals(s.name())).limit(Suggestions.MAX_CANDIDATES + 1).toList();
        String hint = Suggestions.closest(link.service(), names).map(n -> "did you mean \"" + n + "\"? ").orElse("");
        int total = withPort.size() - (s.hasPort() ? 1 : 0);
        diagnostics.error(link.position(),
            "%s: \"%s\" is not a service of this app (%sexpected: one of %s, or APP/SERVICE for another app)".formatted(field, link, hint, names.isEmpty() ? "none" : listed(names, total)));
      } else if (!target.hasPort()) {
        diagnostics.error(link.position(),
            "%s: \"%s\" has no port (expected: a service with port: so the link has somewhere to point)".formatted(field, link));
      }
    }
  }

  private void timers(Manifest m) {
    for (Timer t : m.timers()) {
      DnsLabel.problem("timer", t.name()).ifPresent(problem -> diagnostics.error(t.position(), problem));
      if (t.service() == null || t.service().isBlank()) {
        diagnostics.error(t.position(), "timer %s has no service (expected: service: one of %s)".formatted(t.name(), serviceNames(m)));
      } else if (!services.containsKey(t.service())) {
        diagnostics.error(t.position(), "timer %s references a service that does not exist: %s (expected one of %s)".formatted(t.name(), t.service(), serviceNames(m)));
      }
    }
  }

  private void balancers(Manifest m) {
    for (Balancer b : m.balancers()) {
      if (b.ports().isEmpty()) {
        diagnostics.error(b.position(), "balancer %s has no ports".formatted(b.name()));
      }
      if (b.service() == null || b.service().isBlank()) {
        diagnostics.error(b.position(), "balancer %s has blank service".formatted(b.name()));
      } else if (!services.containsKey(b.service())) {
        diagnostics.error(b.position(), "balancer %s refers to unknown service %s".formatted(b.name(), b.service()));
      }
      for (String cidr : b.whitelist()) {
        if (!Cidr.isValid(cidr)) {
          diagnostics.error(b.position(), "balancer %s whitelist %s is not a valid cidr range".formatted(b.name(), cidr));
        }
      }
    }
  }

  private static String serviceNames(Manifest m) {
    return m.services().isEmpty() ? "(no services)" : listed(m.services().stream().limit(MAX_LISTED).map(Service::name).toList(), m.services().size());
  }

  /** The first {@link #MAX_LISTED} of {@code total} names, comma-separated, and how many more there are. */
  private static String listed(List<String> names, int total) {
    String shown = names.stream().limit(MAX_LISTED).collect(Collectors.joining(", "));
    return total > MAX_LISTED ? shown + " and " + (total - MAX_LISTED) + " more" : shown;
  }
}
