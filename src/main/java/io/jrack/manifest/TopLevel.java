package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the top-level sections other than services: resources, timers and balancers. */
final class TopLevel {
  private final Fields fields;

  TopLevel(Fields fields) {
    this.fields = fields;
  }

  List<Resource> resources(YNode node) {
    List<Resource> out = new ArrayList<>();
    YMap map = node == null ? null : fields.map(node, "resources");
    if (map == null) {
      return out;
    }
    map.entries().forEach((name, value) -> {
      String field = "resources." + name;
      YMap body = fields.map(value, field);
      if (body == null) {
        return;
      }
      fields.checkKeys(body, "resource " + name, Set.of("type", "options"));
      String type = body.get("type") == null ? null : fields.string(body.get("type"), field + ".type");
      Map<String, String> options = body.get("options") == null ? Map.of() : fields.stringMap(body.get("options"), field + ".options");
      Position at = map.keyPosition(name);
      if (body.get("options") instanceof YMap optionsMap) {
        new ResourceOptions(fields).check(name, type, optionsMap);
      }
      if (type == null || type.isBlank()) {
        fields.diagnostics().error(at,
            "resource %s: resource type can not be blank (expected: type: one of %s)".formatted(name, String.join(", ", sortedTypes())));
      } else if (!Resource.TYPES.contains(type)) {
        fields.diagnostics().error(body.get("type").position(),
            "resource %s: type \"%s\" is not supported (expected: one of %s)".formatted(name, type, String.join(", ", sortedTypes())));
      }
      out.add(new Resource(name, type, options, at));
    });
    return out;
  }

  private static List<String> sortedTypes() {
    return List.of("postgres", "mysql", "mariadb", "redis", "memcached", "efs");
  }

  List<Timer> timers(YNode node) {
    List<Timer> out = new ArrayList<>();
    YMap map = node == null ? null : fields.map(node, "timers");
    if (map == null) {
      return out;
    }
    map.entries().forEach((name, value) -> {
      String field = "timers." + name;
      YMap body = fields.map(value, field);
      if (body == null) {
        return;
      }
      fields.checkKeys(body, "timer " + name, Set.of("schedule", "command", "service", "concurrency"));
      String schedule = body.get("schedule") == null ? null : fields.string(body.get("schedule"), field + ".schedule");
      String command = body.get("command") == null ? null : fields.string(body.get("command"), field + ".command");
      String service = body.get("service") == null ? null : fields.string(body.get("service"), field + ".service");
      String concurrency = body.get("concurrency") == null ? "allow" : fields.string(body.get("concurrency"), field + ".concurrency");
      if (concurrency != null && !Set.of("allow", "forbid", "replace").contains(concurrency)) {
        fields.error(body.get("concurrency"), field + ".concurrency", "allow, forbid or replace");
      }
      String normalised = schedule == null ? null : Cron.normalise(schedule);
      if (schedule == null || schedule.isBlank()) {
        fields.diagnostics().error(map.keyPosition(name), "timer %s: schedule is missing (expected: a cron schedule like \"*/5 * * * *\")".formatted(name));
      } else if (!Cron.isValid(normalised)) {
        fields.diagnostics().error(body.get("schedule").position(),
            "%s: \"%s\" (expected: a cron schedule of 5 fields, minute hour day month weekday)".formatted(field + ".schedule", schedule));
      }
      out.add(new Timer(name, normalised, command, service, concurrency, map.keyPosition(name)));
    });
    return out;
  }

  List<Balancer> balancers(YNode node) {
    List<Balancer> out = new ArrayList<>();
    YMap map = node == null ? null : fields.map(node, "balancers");
    if (map == null) {
      return out;
    }
    map.entries().forEach((name, value) -> {
      String field = "balancers." + name;
      YMap body = fields.map(value, field);
      if (body == null) {
        return;
      }
      String service = body.get("service") == null ? null : fields.string(body.get("service"), field + ".service");
      List<Balancer.BalancerPort> ports = new ArrayList<>();
      YMap portMap = body.get("ports") == null ? null : fields.map(body.get("ports"), field + ".ports");
      if (portMap != null) {
        portMap.entries().forEach((source, target) -> balancerPort(field + ".ports." + source, source, target, portMap, ports));
      }
      List<String> whitelist = body.get("whitelist") == null ? List.of() : fields.strings(body.get("whitelist"), field + ".whitelist", true);
      out.add(new Balancer(name, service, ports, whitelist, map.keyPosition(name)));
    });
    return out;
  }

  private void balancerPort(String field, String source, YNode target, YMap portMap, List<Balancer.BalancerPort> ports) {
    Integer from = Fields.parseInt(source);
    if (from == null || from < 1 || from > 65535) {
      fields.diagnostics().error(portMap.keyPosition(source), "%s: \"%s\" (expected: a listener port 1-65535)".formatted(field, source));
      return;
    }
    if (target instanceof YScalar) {
      Integer to = fields.integer(target, field, 1, 65535);
      if (to != null) {
        ports.add(new Balancer.BalancerPort(from, to, "TCP"));
      }
      return;
    }
    YMap body = fields.map(target, field);
    if (body == null) {
      return;
    }
    Integer to = body.get("port") == null ? null : fields.integer(body.get("port"), field + ".port", 1, 65535);
    String protocol = body.get("protocol") == null ? "TCP" : fields.string(body.get("protocol"), field + ".protocol");
    if (to != null && protocol != null) {
      ports.add(new Balancer.BalancerPort(from, to, protocol.toUpperCase(java.util.Locale.ROOT)));
    }
  }
}
