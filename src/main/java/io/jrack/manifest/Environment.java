package io.jrack.manifest;

import io.jrack.manifest.YNode.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Convox's environment rules: which app variables a service sees and which are missing.
 *
 * <p>For each entry in order: {@code *} copies the whole app environment; {@code FOO=default}
 * gives the app's value, else the default; {@code FOO} gives the app's value and is required. A
 * later entry for the same name wins, which is why a service's own entries beat the top-level ones.
 */
public final class Environment {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private Environment() {}

  static List<EnvEntry> entries(Fields fields, YNode node, String field) {
    List<EnvEntry> out = new ArrayList<>();
    if (node instanceof YNode.YMap) {
      fields.error(node, field, "a list of NAME or NAME=default entries, like - PORT=3000");
      return out;
    }
    for (YScalar s : fields.scalars(node, field, false)) {
      EnvEntry entry = EnvEntry.parse(s.value(), s.position());
      if (!entry.isWildcard() && !NAME.matcher(entry.name()).matches()) {
        fields.diagnostics().error(s.position(),
            "%s: \"%s\" (expected: NAME or NAME=default, NAME made of letters, digits and _)".formatted(field, s.value()));
        continue;
      }
      var control = entry.defaultValue().flatMap(EnvRules::control);
      if (control.isPresent()) {
        char c = entry.defaultValue().get().charAt(control.get());
        fields.diagnostics().error(s.position(), "%s: %s default has %s at %d (%s)".formatted(
            field, entry.name(), EnvRules.describe(c), control.get(), EnvRules.VALUE_RULE));
        continue;
      }
      out.add(entry);
    }
    return out;
  }

  /** The variables these entries give, in first-seen order. Missing required names are skipped. */
  public static Map<String, String> resolve(List<EnvEntry> entries, Map<String, String> appEnv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvEntry e : entries) {
      if (e.isWildcard()) {
        out.putAll(appEnv);
      } else if (appEnv.containsKey(e.name())) {
        out.put(e.name(), appEnv.get(e.name()));
      } else if (e.defaultValue().isPresent()) {
        out.put(e.name(), e.defaultValue().get());
      }
    }
    return out;
  }

  /** The defaults declared by {@code NAME=value} entries, later entries winning. */
  public static Map<String, String> defaults(List<EnvEntry> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvEntry e : entries) {
      e.defaultValue().ifPresent(v -> out.put(e.name(), v));
    }
    return out;
  }

  /** The names these entries declare, sorted, comma-joined: {@code DEFAULT,GLOBAL,SECRET}. */
  public static String keys(List<EnvEntry> entries) {
    TreeSet<String> names = new TreeSet<>();
    for (EnvEntry e : entries) {
      names.add(e.name());
    }
    return String.join(",", names);
  }

  /** Required names with no value in the app environment, sorted. */
  public static List<String> missing(List<EnvEntry> entries, Map<String, String> appEnv) {
    TreeSet<String> declaredWithDefault = new TreeSet<>(defaults(entries).keySet());
    TreeSet<String> missing = new TreeSet<>();
    for (EnvEntry e : entries) {
      if (e.isRequired() && !appEnv.containsKey(e.name()) && !declaredWithDefault.contains(e.name())) {
        missing.add(e.name());
      }
    }
    return List.copyOf(missing);
  }
}
