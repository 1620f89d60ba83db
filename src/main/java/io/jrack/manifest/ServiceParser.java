package io.jrack.manifest;

import io.jrack.manifest.YNode.YList;
import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one entry of {@code services:} into a {@link Service}, applying the dialect's defaults. */
final class ServiceParser {
  static final Set<String> KNOWN_KEYS =
      Set.of(
          "build", "image", "command", "port", "ports", "domain", "environment", "health", "internal",
          "internalRouter", "internalAndExternal", "links", "resources", "scale", "deployment", "drain", "termination",
          "sticky", "singleton", "agent", "init", "timeout", "tls", "annotations", "whitelist", "test",
          "nlb", "volumes", "volumeOptions", "labels", "liveness", "startupProbe", "readinessProbe",
          "securityContext", "grpcHealthEnabled", "nodeSelectorLabels", "lifecycle", "privileged",
          "certificate", "accessControl", "ingressAnnotations", "dnsConfig", "configMounts",
          "policies", "arguments", "keda");

  /** Keys kept verbatim in {@link Service#extensions()} for runtimes that understand them. */
  private static final Set<String> EXTENSION_KEYS =
      Set.of(
          "volumes", "volumeOptions", "labels", "readinessProbe",
          "grpcHealthEnabled", "nodeSelectorLabels", "lifecycle", "privileged",
          "certificate", "accessControl", "ingressAnnotations", "dnsConfig", "configMounts",
          "policies", "arguments", "keda");

  private static final Set<String> SCHEMES = Set.of("http", "https", "grpc");

  private final Fields fields;
  private final Dialect dialect;
  private final ScaleParser scales;
  private final ProbeParser probes;

  ServiceParser(Fields fields, Dialect dialect) {
    this.fields = fields;
    this.dialect = dialect;
    this.scales = new ScaleParser(fields, dialect);
    this.probes = new ProbeParser(fields);
  }

  Service parse(String name, Position at, YNode node) {
    String where = "services." + name;
    ServiceBuilder b = Service.builder(name).position(at);
    if (dialect == Dialect.V3) {
      b.sticky(false).init(true);
    }
    YMap map = fields.map(node, where);
    if (map == null) {
      return b.build();
    }
    fields.checkKeys(map, "service " + name, KNOWN_KEYS);
    map.entries().forEach((key, value) -> read(b, name, where + "." + key, key, value));

    Service current = b.build();
    if (current.internalAndExternal()) {
      // As Gen2 does: the service is internal (internal name, Internal=Yes) and public as well.
      b.internal(true);
    }
    if (dialect == Dialect.V3) {
      map.entries().keySet().stream().filter(Dialect.GEN2_SERVICE_KEYS::contains).forEach(key -> fields.diagnostics().warning(map.keyPosition(key),
          "services.%s.%s: a Convox Gen2 key that Convox v3 ignores; this rack honours it".formatted(name, key)));
    }
    if (map.get("deployment") == null && (current.singleton() || current.agent().enabled())) {
      b.deployment(Deployment.SINGLE);
    }
    if (map.get("scale") == null) {
      b.scale(scales.defaults(0));
    }
    if (map.get("image") != null && map.get("build") != null) {
      fields.diagnostics().error(map.keyPosition("image"),
          "service %s has both build and image (expected: one of them; image runs a prebuilt image, build builds this directory)".formatted(name));
    }
    Service built = b.build();
    if (dialect == Dialect.V3) {
      b.startupProbe(ProbeParser.derive(built.startupProbe(), built.liveness(), built.scale().gpu(), built.port()));
      built = b.build();
    }
    if (dialect == Dialect.V3 && built.port() != null) {
      // v3 drops a tcp entry of ports: that repeats the main port.
      int main = built.port().port();
      return b.ports(built.ports().stream().filter(p -> !(p.port() == main && p.protocol().equals("tcp"))).toList()).build();
    }
    return built;
  }

  private void read(ServiceBuilder b, String service, String field, String key, YNode value) {
    switch (key) {
      case "build" -> b.build(build(value, field));
      case "image" -> b.image(fields.string(value, field));
      case "command" -> b.command(command(value, field));
      case "port" -> b.port(port(value, field));
      case "ports" -> b.ports(portSpecs(value, field));
      case "domain" -> b.domains(domains(value, field));
      case "environment" -> b.environment(Environment.entries(fields, value, field));
      case "health" -> b.health(health(value, field));
      case "internal" -> b.internal(orFalse(fields.bool(value, field)));
      case "internalRouter" -> b.internalRouter(orFalse(fields.bool(value, field)));
      case "internalAndExternal" -> b.internalAndExternal(orFalse(fields.bool(value, field)));
      case "links" -> b.links(fields.scalars(value, field, false).stream().map(s -> Link.parse(s.value().strip(), s.position())).toList());
      case "resources" -> b.resources(fields.scalars(value, field, false).stream().map(s -> ResourceRef.parse(s.value().strip(), s.position())).toList());
      case "scale" -> b.scale(scales.parse(value, field));
      case "deployment" -> b.deployment(deployment(value, field));
      case "drain" -> b.drain(orDefault(fields.integer(value, field, 0, 86_400), 30));
      case "termination" -> b.terminationGrace(termination(value, field));
      case "sticky" -> b.sticky(orFalse(fields.bool(value, field)));
      case "singleton" -> b.singleton(orFalse(fields.bool(value, field)));
      case "agent" -> b.agent(agent(value, field));
      case "init" -> b.init(orFalse(fields.bool(value, field)));
      case "timeout" -> b.timeout(orDefault(fields.integer(value, field, 1, 86_400), 60));
      case "tls" -> tls(b, value, field);
      case "annotations" -> b.annotations(annotations(value, field));
      case "whitelist" -> b.whitelist(commaList(value, field));
      case "test" -> b.test(fields.string(value, field));
      case "liveness" -> b.liveness(probes.liveness(value, field));
      case "startupProbe" -> b.startupProbe(probes.startupProbe(value, field));
      case "securityContext" -> b.securityContext(new SecurityContextParser(fields).parse(value, field));
      case "nlb" -> b.nlb(new NlbParser(fields).parse(value, field));
      default -> {
        if (EXTENSION_KEYS.contains(key)) {
          b.extension(key, Fields.plain(value));
        }
      }
    }
  }

  private Build build(YNode value, String field) {
    if (value instanceof YScalar s) {
      return s.isNull() ? Build.DEFAULT : new Build(s.value(), Build.DEFAULT_MANIFEST, Map.of());
    }
    YMap map = fields.map(value, field);
    if (map == null) {
      return Build.DEFAULT;
    }
    fields.checkKeys(map, field, Set.of("path", "manifest", "args"));
    String path = map.get("path") == null ? "." : fields.string(map.get("path"), field + ".path");
    String manifest = map.get("manifest") == null ? Build.DEFAULT_MANIFEST : fields.string(map.get("manifest"), field + ".manifest");
    Map<String, String> args = new LinkedHashMap<>();
    YNode argsNode = map.get("args");
    if (argsNode instanceof YList) {
      for (String arg : fields.strings(argsNode, field + ".args", false)) {
        int eq = arg.indexOf('=');
        args.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
      }
    } else if (argsNode != null) {
      args.putAll(fields.stringMap(argsNode, field + ".args"));
    }
    return new Build(path == null || path.isBlank() ? "." : path, manifest == null ? Build.DEFAULT_MANIFEST : manifest, args);
  }

  private Command command(YNode value, String field) {
    if (value instanceof YScalar s) {
      return s.isNull() || s.value().isBlank() ? null : Command.shell(s.value());
    }
    List<String> argv = fields.strings(value, field, false);
    return argv.isEmpty() ? null : Command.exec(argv);
  }

  private static final String PORT_EXPECTED = "a number 1-65535, \"scheme:port\" or {port, scheme}";

  private Port port(YNode value, String field) {
    if (value instanceof YScalar s) {
      if (s.isNull() || s.value().isBlank()) {
        return null;
      }
      String text = s.value().strip();
      int colon = text.indexOf(':');
      String scheme = colon < 0 ? Port.DEFAULT_SCHEME : text.substring(0, colon);
      Integer number = Fields.parseInt(colon < 0 ? text : text.substring(colon + 1));
      if (number == null || number < 1 || number > 65535) {
        fields.error(value, field, colon < 0 ? "a number 1-65535" : PORT_EXPECTED);
        return null;
      }
      return checkScheme(new Port(number, scheme), value, field);
    }
    YMap map = fields.map(value, field);
    return map == null ? null : portMap(fields, map, field, Port.DEFAULT_SCHEME);
  }

  /**
   * The map form {@code {port, scheme}}, shared with probe ports; {@code defaultScheme} applies
   * when no scheme is written (null leaves it to the service, as v3 probes do).
   */
  static Port portMap(Fields fields, YMap map, String field, String defaultScheme) {
    fields.checkKeys(map, field, Set.of("port", "scheme"));
    if (map.get("port") == null) {
      fields.diagnostics().error(map.position(), field + ": port is missing (expected: " + PORT_EXPECTED + ")");
      return null;
    }
    Integer number = fields.integer(map.get("port"), field + ".port", 1, 65535);
    YNode schemeNode = map.get("scheme");
    String scheme = schemeNode == null ? defaultScheme : fields.string(schemeNode, field + ".scheme");
    if (schemeNode != null && scheme != null && !SCHEMES.contains(scheme)) {
      fields.diagnostics().error(schemeNode.position(), "%s: scheme \"%s\" (expected: one of http, https, grpc)".formatted(field, scheme));
      return null;
    }
    return number == null || (schemeNode != null && scheme == null) ? null : new Port(number, scheme);
  }

  private Port checkScheme(Port port, YNode at, String field) {
    if (!SCHEMES.contains(port.scheme())) {
      fields.diagnostics().error(at.position(), "%s: scheme \"%s\" (expected: one of http, https, grpc)".formatted(field, port.scheme()));
      return null;
    }
    return port;
  }

  List<PortSpec> portSpecs(YNode value, String field) {
    List<PortSpec> out = new ArrayList<>();
    for (YScalar s : fields.scalars(value, field, false)) {
      String text = s.value().strip();
      int slash = text.indexOf('/');
      String protocol = slash < 0 ? "tcp" : text.substring(slash + 1).strip();
      Integer number = Fields.parseInt(slash < 0 ? text : text.substring(0, slash));
      if (number == null || number < 1 || number > 65535 || !(protocol.equals("tcp") || protocol.equals("udp"))) {
        fields.error(s, field + " entry", "a number 1-65535, optionally followed by /tcp or /udp");
        continue;
      }
      out.add(new PortSpec(number, protocol));
    }
    return out;
  }

  private List<String> domains(YNode value, String field) {
    return commaList(value, field);
  }

  /** A list, or a string of comma-separated items, trimmed, blanks dropped. */
  private List<String> commaList(YNode value, String field) {
    List<String> out = new ArrayList<>();
    if (value instanceof YList list) {
      // Entries that ${VAR} emptied are dropped, not reported: the variable is simply unset here.
      value = new YList(list.position(), list.items().stream().filter(i -> !(i instanceof YScalar s && s.isNull())).toList());
    }
    for (String item : fields.strings(value, field, true)) {
      for (String part : item.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  private Health health(YNode value, String field) {
    if (value instanceof YScalar s) {
      return s.isNull() ? Health.DEFAULT : new Health(s.value().strip(), Health.DEFAULT_INTERVAL, Health.DEFAULT_INTERVAL, Health.DEFAULT_INTERVAL - 1, false);
    }
    YMap map = fields.map(value, field);
    if (map == null) {
      return Health.DEFAULT;
    }
    fields.checkKeys(map, field, Set.of("path", "grace", "interval", "timeout", "disable", "port"));
    String path = map.get("path") == null ? "/" : fields.string(map.get("path"), field + ".path");
    int interval = map.get("interval") == null ? Health.DEFAULT_INTERVAL : orDefault(fields.integer(map.get("interval"), field + ".interval", 1, 3600), Health.DEFAULT_INTERVAL);
    int grace = map.get("grace") == null ? interval : orDefault(fields.integer(map.get("grace"), field + ".grace", 0, 86_400), interval);
    int timeout = map.get("timeout") == null ? Math.max(1, interval - 1) : orDefault(fields.integer(map.get("timeout"), field + ".timeout", 1, 3600), interval - 1);
    boolean disabled = map.get("disable") != null && orFalse(fields.bool(map.get("disable"), field + ".disable"));
    Port port = map.get("port") == null ? null : probes.port(map.get("port"), field + ".port");
    return new Health(path == null || path.isBlank() ? "/" : path, grace, interval, timeout, disabled, port);
  }

  private Deployment deployment(YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map == null) {
      return Deployment.DEFAULT;
    }
    fields.checkKeys(map, field, Set.of("minimum", "maximum"));
    // Ranges are checked by the validator so that every out-of-range value is reported with its rule.
    int min = map.get("minimum") == null ? Deployment.DEFAULT.minimum() : orDefault(fields.integer(map.get("minimum"), field + ".minimum", Integer.MIN_VALUE / 2, Integer.MAX_VALUE), 50);
    int max = map.get("maximum") == null ? Deployment.DEFAULT.maximum() : orDefault(fields.integer(map.get("maximum"), field + ".maximum", Integer.MIN_VALUE / 2, Integer.MAX_VALUE), 200);
    return new Deployment(min, max);
  }

  private int termination(YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map == null || map.get("grace") == null) {
      return 30;
    }
    fields.checkKeys(map, field, Set.of("grace"));
    return orDefault(fields.integer(map.get("grace"), field + ".grace", 0, 86_400), 30);
  }

  private Agent agent(YNode value, String field) {
    if (value instanceof YScalar) {
      Boolean enabled = fields.bool(value, field);
      return Boolean.TRUE.equals(enabled) ? new Agent(true, List.of()) : Agent.DISABLED;
    }
    YMap map = fields.map(value, field);
    if (map == null) {
      return Agent.DISABLED;
    }
    fields.checkKeys(map, field, Set.of("enabled", "ports"));
    boolean enabled = map.get("enabled") == null || orFalse(fields.bool(map.get("enabled"), field + ".enabled"));
    List<PortSpec> ports = map.get("ports") == null ? List.of() : portSpecs(map.get("ports"), field + ".ports");
    return new Agent(enabled, ports);
  }

  private void tls(ServiceBuilder b, YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map != null && map.get("redirect") != null) {
      b.tlsRedirect(orFalse(fields.bool(map.get("redirect"), field + ".redirect")));
    }
  }

  private Map<String, String> annotations(YNode value, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof YMap) {
      return fields.stringMap(value, field);
    }
    if (!(value instanceof YList list)) {
      fields.error(value, field, "a list of key=value");
      return out;
    }
    for (YNode item : list.items()) {
      if (item instanceof YMap m) {
        m.entries().forEach((k, v) -> out.put(k.strip(), String.valueOf(Fields.plain(v))));
      } else if (item instanceof YScalar s && s.value() != null && s.value().contains("=")) {
        int eq = s.value().indexOf('=');
        out.put(s.value().substring(0, eq).strip(), s.value().substring(eq + 1));
      } else {
        fields.error(item, field + " entry", "key=value");
      }
    }
    return out;
  }

  private static boolean orFalse(Boolean b) {
    return b != null && b;
  }

  private static int orDefault(Integer v, int fallback) {
    return v == null ? fallback : v;
  }
}
