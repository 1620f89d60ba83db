package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.List;
import java.util.Set;

/** Reads v3's top-level {@code budget:} into a {@link Budget}; {@link BudgetValidator} checks it. */
final class BudgetParser {
  static final Set<String> KEYS =
      Set.of("monthlyCapUsd", "alertThresholdPercent", "atCapAction", "atCapWebhookUrl", "neverAutoShutdown",
          "shutdownOrder", "notifyBeforeMinutes", "shutdownGracePeriod", "recoveryMode");

  private final Fields fields;

  BudgetParser(Fields fields) {
    this.fields = fields;
  }

  Budget parse(YNode node, Position at) {
    YMap map = fields.map(node, "budget");
    if (map == null) {
      return null;
    }
    fields.checkKeys(map, "budget", KEYS);
    Double cap = map.get("monthlyCapUsd") == null ? null : fields.decimal(map.get("monthlyCapUsd"), "budget.monthlyCapUsd");
    List<String> never = map.get("neverAutoShutdown") == null ? List.of() : List.copyOf(fields.strings(map.get("neverAutoShutdown"), "budget.neverAutoShutdown", false));
    return new Budget(cap, whole(map, "alertThresholdPercent", "a whole percentage, like 80"), text(map, "atCapAction"), text(map, "atCapWebhookUrl"), never,
        text(map, "shutdownOrder"), whole(map, "notifyBeforeMinutes", "a whole number of minutes, 5-1440"), text(map, "shutdownGracePeriod"), text(map, "recoveryMode"), at);
  }

  private String text(YMap map, String key) {
    String value = map.get(key) == null ? null : fields.string(map.get(key), "budget." + key);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Any whole number: the ranges are rules of their own, reported by the validator. */
  private Integer whole(YMap map, String key, String expected) {
    YNode node = map.get(key);
    if (node == null) {
      return null;
    }
    Integer value = node instanceof YScalar s && s.value() != null ? Fields.parseInt(s.value()) : null;
    if (value == null) {
      fields.error(node, "budget." + key, expected);
    }
    return value;
  }
}
