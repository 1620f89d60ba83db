package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses {@code convox.yml} text: {@code ${VAR}} interpolation, YAML, defaults, validation. With
 * {@link ManifestParserBuilder#checkRequiredEnv(boolean)} it also fails on required environment
 * variables the app does not set, as Convox's {@code Load} does at deploy time.
 */
public final class ManifestParser {
  static final Set<String> TOP_KEYS =
      Set.of("environment", "params", "resources", "services", "timers", "balancers", "budget", "appSettings", "configs");

  private final String file;
  private final Map<String, String> env;
  private final Dialect dialect;
  private final boolean checkRequiredEnv;

  ManifestParser(String file, Map<String, String> env, Dialect dialect, boolean checkRequiredEnv) {
    this.file = file;
    this.env = Map.copyOf(env);
    this.dialect = dialect;
    this.checkRequiredEnv = checkRequiredEnv;
  }

  public static ManifestParserBuilder builder() {
    return new ManifestParserBuilder();
  }

  /** Parses with the defaults: file name {@code convox.yml}, empty env, dialect detected. */
  public static ParseResult parse(String text) {
    return builder().build().parseText(text);
  }

  public ParseResult parseText(String text) {
    Diagnostics diagnostics = new Diagnostics(file);
    Manifest manifest = null;
    try {
      manifest = parseInto(text == null ? "" : text, diagnostics);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug of ours must still not reach the user as a stack trace.
      diagnostics.error(Position.UNKNOWN, "could not read the manifest (internal error: " + e.getClass().getSimpleName() + ")");
    }
    List<Diagnostic> all = new ArrayList<>(diagnostics.all());
    all.sort(Comparator.comparingInt((Diagnostic d) -> d.position().line()).thenComparingInt(d -> d.position().column()));
    boolean failed = all.stream().anyMatch(Diagnostic::isError);
    return new ParseResult(failed ? Optional.empty() : Optional.ofNullable(manifest), List.copyOf(all));
  }

  private Manifest parseInto(String text, Diagnostics diagnostics) {
    Optional<YNode> rootNode = new YamlReader(diagnostics, env).read(text);
    if (diagnostics.hasErrors()) {
      return null;
    }
    Fields fields = new Fields(diagnostics);
    if (rootNode.isEmpty()) {
      return empty(Dialect.GEN2);
    }
    if (!(rootNode.get() instanceof YMap root)) {
      fields.error(rootNode.get(), "convox.yml", "a map with a services: key at the top level");
      return null;
    }
    if (Gen1Detector.check(root, diagnostics)) {
      return null;
    }
    Dialect chosen = dialect != null ? dialect : detect(root);
    fields.checkKeys(root, "the top level", TOP_KEYS);

    List<EnvEntry> environment = root.get("environment") == null ? List.of() : Environment.entries(fields, root.get("environment"), "environment");
    Map<String, String> params = root.get("params") == null ? Map.of() : fields.stringMap(root.get("params"), "params");
    TopLevel top = new TopLevel(fields);
    List<Resource> resources = top.resources(root.get("resources"));
    List<Service> services = new ArrayList<>();
    YMap servicesMap = root.get("services") == null ? null : fields.map(root.get("services"), "services");
    if (servicesMap != null) {
      ServiceParser parser = new ServiceParser(fields, chosen);
      servicesMap.entries().forEach((name, node) -> services.add(parser.parse(name, servicesMap.keyPosition(name), node)));
    }
    List<Timer> timers = top.timers(root.get("timers"));
    List<Balancer> balancers = top.balancers(root.get("balancers"));
    Budget budget = root.get("budget") == null ? null : new BudgetParser(fields).parse(root.get("budget"), root.keyPosition("budget"));
    Map<String, Object> extensions = new LinkedHashMap<>();
    for (String key : List.of("appSettings", "configs")) {
      if (root.get(key) != null) {
        extensions.put(key, Fields.plain(root.get(key)));
      }
    }
    Manifest manifest = new Manifest(chosen, environment, params, resources, List.copyOf(services), timers, balancers, budget, extensions, attributes(root));
    new ManifestValidator(diagnostics).validate(manifest, root);
    if (checkRequiredEnv && !diagnostics.hasErrors()) {
      checkRequired(manifest, diagnostics);
    }
    return manifest;
  }

  private void checkRequired(Manifest manifest, Diagnostics diagnostics) {
    Set<String> missing = new java.util.TreeSet<>();
    Position first = null;
    for (Service s : manifest.services()) {
      List<EnvEntry> entries = manifest.environmentOf(s);
      for (String name : Environment.missing(entries, env)) {
        missing.add(name);
        Position at = entries.stream().filter(e -> e.name().equals(name)).findFirst().map(EnvEntry::position).orElse(Position.UNKNOWN);
        if (first == null || at.line() < first.line()) {
          first = at;
        }
      }
    }
    if (!missing.isEmpty()) {
      diagnostics.error(first, "required env: " + String.join(", ", missing));
    }
  }

  private static Manifest empty(Dialect dialect) {
    return new Manifest(dialect, List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Set.of());
  }

  private static Dialect detect(YMap root) {
    for (String key : root.entries().keySet()) {
      if (Dialect.V3_TOP_KEYS.contains(key)) {
        return Dialect.V3;
      }
    }
    if (root.get("services") instanceof YMap services) {
      for (YNode service : services.entries().values()) {
        if (service instanceof YMap s) {
          if (s.entries().keySet().stream().anyMatch(Dialect.V3_SERVICE_KEYS::contains)) {
            return Dialect.V3;
          }
          if (s.get("port") instanceof YNode.YScalar p && p.value() != null && p.value().startsWith("grpc:")) {
            return Dialect.V3;
          }
        }
      }
    }
    return Dialect.GEN2;
  }

  /** Every dotted path present in the file, as Convox records "attributes". */
  private static Set<String> attributes(YMap root) {
    Set<String> out = new LinkedHashSet<>();
    collect("", root, out);
    return java.util.Collections.unmodifiableSet(out);
  }

  private static void collect(String prefix, YMap map, Set<String> out) {
    map.entries().forEach((key, value) -> {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      out.add(path);
      if (value instanceof YMap child) {
        collect(path, child, out);
      }
    });
  }
}
