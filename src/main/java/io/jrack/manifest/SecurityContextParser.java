package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import java.util.List;
import java.util.Set;

/** Reads v3's {@code securityContext:} into a {@link SecurityContext}. */
final class SecurityContextParser {
  private static final Set<String> KEYS =
      Set.of("runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "readOnlyRootFilesystem", "allowPrivilegeEscalation",
          "capabilities", "seccompProfile");

  private final Fields fields;

  SecurityContextParser(Fields fields) {
    this.fields = fields;
  }

  SecurityContext parse(YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map == null) {
      return SecurityContext.NONE;
    }
    fields.checkKeys(map, field, KEYS);
    List<String> add = List.of();
    List<String> drop = List.of();
    YMap caps = map.get("capabilities") == null ? null : fields.map(map.get("capabilities"), field + ".capabilities");
    if (caps != null) {
      fields.checkKeys(caps, field + ".capabilities", Set.of("add", "drop"));
      add = caps.get("add") == null ? List.of() : List.copyOf(fields.strings(caps.get("add"), field + ".capabilities.add", false));
      drop = caps.get("drop") == null ? List.of() : List.copyOf(fields.strings(caps.get("drop"), field + ".capabilities.drop", false));
    }
    String seccomp = map.get("seccompProfile") == null ? null : fields.string(map.get("seccompProfile"), field + ".seccompProfile");
    return new SecurityContext(
        bool(map, "runAsNonRoot", field), id(map, "runAsUser", field), id(map, "runAsGroup", field), id(map, "fsGroup", field),
        bool(map, "readOnlyRootFilesystem", field), bool(map, "allowPrivilegeEscalation", field), add, drop, seccomp);
  }

  private Boolean bool(YMap map, String key, String field) {
    return map.get(key) == null ? null : fields.bool(map.get(key), field + "." + key);
  }

  private Long id(YMap map, String key, String field) {
    if (map.get(key) == null) {
      return null;
    }
    Integer value = fields.integer(map.get(key), field + "." + key, 0, Integer.MAX_VALUE);
    return value == null ? null : value.longValue();
  }
}
