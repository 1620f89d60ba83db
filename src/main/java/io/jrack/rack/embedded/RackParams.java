package io.jrack.rack.embedded;

import io.jrack.rack.ProviderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The rack parameters a user can set, their defaults, and what each accepts. */
final class RackParams {
  private static final Pattern HOST = Pattern.compile("^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");

  /** One parameter: its default and rule. */
  record Param(String name, String defaultValue, String expected, Predicate<String> valid) {}

  private final Map<String, Param> known = new LinkedHashMap<>();

  RackParams(String rackName) {
    add(new Param("Internal", "No", "Yes or No", v -> v.equals("Yes") || v.equals("No")));
    add(new Param("RouterHost", rackName + ".localhost", "a host name like dev.localhost (lowercase letters, digits, dashes and dots)", v -> HOST.matcher(v).matches()));
  }

  private void add(Param p) {
    known.put(p.name(), p);
  }

  Map<String, String> defaults() {
    Map<String, String> out = new TreeMap<>();
    known.values().forEach(p -> out.put(p.name(), p.defaultValue()));
    return out;
  }

  /** Checks every pair; reports all problems in one error. */
  void validate(Map<String, String> params) {
    List<String> problems = new java.util.ArrayList<>();
    params.forEach((k, v) -> {
      Param p = known.get(k);
      if (p == null) {
        problems.add("unknown parameter: %s (known: %s)".formatted(k, String.join(", ", known.keySet())));
      } else if (v == null || !p.valid().test(v)) {
        problems.add("%s: \"%s\" (expected: %s)".formatted(k, v, p.expected()));
      }
    });
    if (!problems.isEmpty()) {
      throw ProviderException.badRequest(String.join("; ", problems));
    }
  }
}
