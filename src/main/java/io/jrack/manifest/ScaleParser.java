package io.jrack.manifest;

import io.jrack.manifest.YNode.YList;
import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a service's {@code scale:} into a {@link Scale}: the count range, cpu, memory and GPU with
 * the dialect's defaults, gen2's cooldown and targets, and v3's min/max, autoscale and keda.
 */
final class ScaleParser {
  private static final Set<String> KEYS =
      Set.of("count", "cpu", "memory", "gpu", "targets", "min", "max", "cooldown", "limit", "autoscale", "keda");
  private static final Set<String> AUTOSCALE_KEYS =
      Set.of("cpu", "memory", "gpuUtilization", "queueDepth", "custom", "cooldownPeriod", "pollingInterval");
  private static final Set<String> TRIGGER_KEYS = Set.of("threshold", "metricName", "prometheusUrl", "query");
  private static final String RANGE_EXPECTED = "a count like 2, a range like 1-3, or {min, max}";

  private final Fields fields;
  private final Dialect dialect;

  ScaleParser(Fields fields, Dialect dialect) {
    this.fields = fields;
    this.dialect = dialect;
  }

  /**
   * The scale of a service that writes no {@code scale:}: one process, cpu 256 (gen2) or 250 (v3),
   * memory 512. In v3 a GPU service gets no cpu or memory default.
   */
  Scale defaults(int gpu) {
    int cpu = dialect == Dialect.V3 ? (gpu > 0 ? 0 : 250) : 256;
    int memory = dialect == Dialect.V3 && gpu > 0 ? 0 : Scale.DEFAULT_MEMORY;
    Scale.Cooldown cooldown = dialect == Dialect.GEN2 ? Scale.Cooldown.DEFAULT : null;
    return new Scale(1, 1, cpu, memory, gpu, gpu > 0 ? "nvidia" : null, null, null, cooldown, Scale.Targets.NONE, null, null);
  }

  Scale parse(YNode value, String field) {
    if (value instanceof YScalar s) {
      int[] range = s.isNull() ? new int[] {1, 1} : range(value, field);
      Scale d = defaults(0);
      return range == null ? d : withCount(d, range[0], range[1]);
    }
    YMap map = fields.map(value, field);
    if (map == null) {
      return defaults(0);
    }
    fields.checkKeys(map, field, KEYS);
    int gpu = 0;
    String vendor = null;
    YNode gpuNode = map.get("gpu");
    if (gpuNode instanceof YMap gpuMap) {
      fields.checkKeys(gpuMap, field + ".gpu", Set.of("count", "vendor"));
      gpu = gpuMap.get("count") == null ? 0 : orDefault(fields.integer(gpuMap.get("count"), field + ".gpu.count", 0, 64), 0);
      vendor = gpuMap.get("vendor") == null ? null : fields.string(gpuMap.get("vendor"), field + ".gpu.vendor");
    } else if (gpuNode != null) {
      gpu = orDefault(fields.integer(gpuNode, field + ".gpu", 0, 64), 0);
    }
    Scale d = defaults(gpu);
    Integer declaredMin = map.get("min") == null ? null : fields.integer(map.get("min"), field + ".min", 0, 10_000);
    Integer declaredMax = map.get("max") == null ? null : fields.integer(map.get("max"), field + ".max", 0, 10_000);
    int[] count = {1, 1};
    if (map.get("count") != null) {
      int[] r = range(map.get("count"), field + ".count");
      count = r == null ? count : r;
    } else if (declaredMin != null || declaredMax != null) {
      // A lone min sets both ends: without autoscale there is nothing to scale between.
      int min = declaredMin == null ? 1 : declaredMin;
      int max = declaredMax == null ? min : declaredMax;
      int[] r = checkedRange(min, max, map.get(declaredMax == null ? "min" : "max"), field + ".min/max");
      count = r == null ? count : r;
    }
    int cpu = map.get("cpu") == null ? d.cpu() : orDefault(fields.integer(map.get("cpu"), field + ".cpu", 0, 1_000_000), d.cpu());
    int memory = map.get("memory") == null ? d.memory() : orDefault(fields.integer(map.get("memory"), field + ".memory", 0, 10_000_000), d.memory());
    Scale.Cooldown cooldown = map.get("cooldown") == null ? d.cooldown() : cooldown(map.get("cooldown"), field + ".cooldown");
    Scale.Targets targets = map.get("targets") == null ? Scale.Targets.NONE : targets(map.get("targets"), field + ".targets");
    Autoscale autoscale = map.get("autoscale") == null ? null : autoscale(map.get("autoscale"), field + ".autoscale");
    Keda keda = map.get("keda") == null ? null : keda(map.get("keda"), field + ".keda");
    return new Scale(count[0], count[1], cpu, memory, gpu, gpu > 0 ? (vendor == null ? "nvidia" : vendor) : null,
        declaredMin, declaredMax, cooldown, targets, autoscale, keda);
  }

  private static Scale withCount(Scale s, int min, int max) {
    return new Scale(min, max, s.cpu(), s.memory(), s.gpu(), s.gpuVendor(), s.declaredMin(), s.declaredMax(), s.cooldown(), s.targets(), s.autoscale(), s.keda());
  }

  /** {@code 2}, {@code "1-3"} or {@code {min, max}}; null (with an error) otherwise. */
  private int[] range(YNode value, String field) {
    if (value instanceof YMap map) {
      Integer min = map.get("min") == null ? Integer.valueOf(1) : fields.integer(map.get("min"), field + ".min", 0, 10_000);
      Integer max = map.get("max") == null ? min : fields.integer(map.get("max"), field + ".max", 0, 10_000);
      return min == null || max == null ? null : checkedRange(min, max, value, field);
    }
    if (value instanceof YScalar s && s.value() != null) {
      String text = s.value().strip();
      int dash = text.indexOf('-', 1);
      Integer min = Fields.parseInt(dash < 0 ? text : text.substring(0, dash));
      Integer max = dash < 0 ? min : Fields.parseInt(text.substring(dash + 1));
      if (min != null && max != null && min >= 0 && max <= 10_000) {
        return checkedRange(min, max, value, field);
      }
    }
    fields.error(value, field, RANGE_EXPECTED);
    return null;
  }

  private int[] checkedRange(int min, int max, YNode at, String field) {
    if (min > max) {
      fields.diagnostics().error(at.position(), "%s: %d-%d (expected: the minimum not above the maximum)".formatted(field, min, max));
      return null;
    }
    return new int[] {min, max};
  }

  /** {@code {down, up}} in seconds, a missing side staying at 60; a single number sets both. */
  private Scale.Cooldown cooldown(YNode value, String field) {
    if (value instanceof YScalar) {
      Integer both = fields.integer(value, field, 0, 86_400);
      return both == null ? Scale.Cooldown.DEFAULT : new Scale.Cooldown(both, both);
    }
    YMap map = fields.map(value, field);
    if (map == null) {
      return Scale.Cooldown.DEFAULT;
    }
    fields.checkKeys(map, field, Set.of("down", "up"));
    int down = map.get("down") == null ? 60 : orDefault(fields.integer(map.get("down"), field + ".down", 0, 86_400), 60);
    int up = map.get("up") == null ? 60 : orDefault(fields.integer(map.get("up"), field + ".up", 0, 86_400), 60);
    return new Scale.Cooldown(down, up);
  }

  private Scale.Targets targets(YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map == null) {
      return Scale.Targets.NONE;
    }
    fields.checkKeys(map, field, Set.of("cpu", "memory", "requests", "custom", "external"));
    int cpu = map.get("cpu") == null ? 0 : orDefault(fields.integer(map.get("cpu"), field + ".cpu", 0, 100), 0);
    int memory = map.get("memory") == null ? 0 : orDefault(fields.integer(map.get("memory"), field + ".memory", 0, 100), 0);
    int requests = map.get("requests") == null ? 0 : orDefault(fields.integer(map.get("requests"), field + ".requests", 0, Integer.MAX_VALUE), 0);
    List<Scale.Metric> custom = new ArrayList<>();
    YMap customMap = map.get("custom") == null ? null : fields.map(map.get("custom"), field + ".custom");
    if (customMap != null) {
      customMap.entries().forEach((key, body) -> {
        Scale.Metric metric = metric(key, body, field + ".custom." + key);
        if (metric != null) {
          custom.add(metric);
        }
      });
    }
    List<Object> external = new ArrayList<>();
    if (map.get("external") instanceof YList list) {
      list.items().forEach(item -> external.add(Fields.plain(item)));
    } else if (map.get("external") != null) {
      fields.error(map.get("external"), field + ".external", "a list of external metrics like - {name: ..., averageValue: 5}");
    }
    return new Scale.Targets(cpu, memory, requests, List.copyOf(custom), java.util.Collections.unmodifiableList(external));
  }

  private Scale.Metric metric(String key, YNode body, String field) {
    YMap map = fields.map(body, field);
    if (map == null) {
      return null;
    }
    fields.checkKeys(map, field, Set.of("aggregate", "value", "dimensions"));
    int slash = key.lastIndexOf('/');
    String namespace = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    String aggregate = map.get("aggregate") == null ? null : fields.string(map.get("aggregate"), field + ".aggregate");
    Double value = map.get("value") == null ? null : fields.decimal(map.get("value"), field + ".value");
    Map<String, String> dimensions = map.get("dimensions") == null ? Map.of() : fields.stringMap(map.get("dimensions"), field + ".dimensions");
    return new Scale.Metric(namespace, name, aggregate, value == null ? 0 : value, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions)));
  }

  private Autoscale autoscale(YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map == null) {
      return null;
    }
    fields.checkKeys(map, field, AUTOSCALE_KEYS);
    List<Object> custom = new ArrayList<>();
    if (map.get("custom") instanceof YList list) {
      list.items().forEach(item -> custom.add(Fields.plain(item)));
    } else if (map.get("custom") != null) {
      fields.error(map.get("custom"), field + ".custom", "a list of KEDA triggers");
    }
    Integer cooldownPeriod = map.get("cooldownPeriod") == null ? null : fields.integer(map.get("cooldownPeriod"), field + ".cooldownPeriod", 0, 86_400);
    Integer pollingInterval = map.get("pollingInterval") == null ? null : fields.integer(map.get("pollingInterval"), field + ".pollingInterval", 1, 86_400);
    return new Autoscale(
        trigger(map.get("cpu"), field + ".cpu", Autoscale.MODE_THRESHOLD),
        trigger(map.get("memory"), field + ".memory", Autoscale.MODE_THRESHOLD),
        trigger(map.get("gpuUtilization"), field + ".gpuUtilization", Autoscale.MODE_THRESHOLD),
        trigger(map.get("queueDepth"), field + ".queueDepth", Autoscale.MODE_QUEUE),
        java.util.Collections.unmodifiableList(custom), cooldownPeriod, pollingInterval);
  }

  private Autoscale.Trigger trigger(YNode value, String field, String mode) {
    if (value == null) {
      return null;
    }
    YMap map = fields.map(value, field);
    if (map == null) {
      return null;
    }
    fields.checkKeys(map, field, TRIGGER_KEYS);
    if (map.get("threshold") == null) {
      fields.diagnostics().error(map.position(), field + ": threshold is missing (expected: threshold: a number, like 70)");
      return null;
    }
    Double threshold = fields.decimal(map.get("threshold"), field + ".threshold");
    String metricName = map.get("metricName") == null ? null : fields.string(map.get("metricName"), field + ".metricName");
    String prometheusUrl = map.get("prometheusUrl") == null ? null : fields.string(map.get("prometheusUrl"), field + ".prometheusUrl");
    return threshold == null ? null : new Autoscale.Trigger(threshold, mode, metricName, prometheusUrl);
  }

  private Keda keda(YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map == null) {
      return null;
    }
    Map<String, Object> options = new LinkedHashMap<>();
    map.entries().forEach((k, v) -> {
      if (!k.equals("triggers")) {
        options.put(k, Fields.plain(v));
      }
    });
    List<Keda.Trigger> triggers = new ArrayList<>();
    if (map.get("triggers") instanceof YList list) {
      for (YNode item : list.items()) {
        YMap t = fields.map(item, field + ".triggers entry");
        if (t == null) {
          continue;
        }
        String type = t.get("type") == null ? null : fields.string(t.get("type"), field + ".triggers.type");
        if (type == null || type.isBlank()) {
          fields.diagnostics().error(t.position(), field + ".triggers entry: type is missing (expected: a KEDA scaler type, like aws-sqs-queue)");
          continue;
        }
        Map<String, String> metadata = t.get("metadata") == null ? Map.of() : fields.stringMap(t.get("metadata"), field + ".triggers.metadata");
        Map<String, Object> rest = new LinkedHashMap<>();
        t.entries().forEach((k, v) -> {
          if (!k.equals("type") && !k.equals("metadata")) {
            rest.put(k, Fields.plain(v));
          }
        });
        triggers.add(new Keda.Trigger(type, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata)),
            java.util.Collections.unmodifiableMap(rest), t.position()));
      }
    } else if (map.get("triggers") != null) {
      fields.error(map.get("triggers"), field + ".triggers", "a list of KEDA triggers");
    }
    return new Keda(List.copyOf(triggers), java.util.Collections.unmodifiableMap(options));
  }

  private static int orDefault(Integer v, int fallback) {
    return v == null ? fallback : v;
  }
}
