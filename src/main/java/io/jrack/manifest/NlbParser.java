package io.jrack.manifest;

import io.jrack.manifest.YNode.YList;
import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads gen2's {@code nlb:} listeners. Protocol and scheme are trimmed and lower-cased and default
 * to {@code tcp} and {@code public}; {@code containerPort} defaults to {@code port}. The rules are
 * checked by {@link NlbValidator}, so a listener is kept here even when its values are out of range.
 */
final class NlbParser {
  private static final Set<String> KEYS =
      Set.of("port", "protocol", "containerPort", "scheme", "certificate", "cross_zone", "allow_cidr", "preserve_client_ip");

  private final Fields fields;

  NlbParser(Fields fields) {
    this.fields = fields;
  }

  List<Nlb> parse(YNode value, String field) {
    List<Nlb> out = new ArrayList<>();
    if (value instanceof YScalar s && s.isNull()) {
      return out;
    }
    if (!(value instanceof YList list)) {
      fields.error(value, field, "a list of listeners like - {port: 8443, protocol: tcp}");
      return out;
    }
    for (YNode item : list.items()) {
      Nlb nlb = entry(item, field + " entry");
      if (nlb != null) {
        out.add(nlb);
      }
    }
    return out;
  }

  private Nlb entry(YNode item, String field) {
    YMap map = fields.map(item, field);
    if (map == null) {
      return null;
    }
    fields.checkKeys(map, field, KEYS);
    if (map.get("port") == null) {
      fields.diagnostics().error(map.position(), field + ": port is missing (expected: port: the listener port, 1-65535)");
      return null;
    }
    Integer port = number(map.get("port"), field + ".port");
    Integer containerPort = map.get("containerPort") == null ? port : number(map.get("containerPort"), field + ".containerPort");
    if (port == null || containerPort == null) {
      return null;
    }
    String protocol = lower(map, "protocol", field, "tcp");
    String scheme = lower(map, "scheme", field, "public");
    String certificate = map.get("certificate") == null ? null : fields.string(map.get("certificate"), field + ".certificate");
    Boolean crossZone = map.get("cross_zone") == null ? null : fields.bool(map.get("cross_zone"), field + ".cross_zone");
    List<String> allowCidr = map.get("allow_cidr") == null ? List.of() : List.copyOf(fields.strings(map.get("allow_cidr"), field + ".allow_cidr", false));
    Boolean preserve = map.get("preserve_client_ip") == null ? null : fields.bool(map.get("preserve_client_ip"), field + ".preserve_client_ip");
    return new Nlb(port, protocol, containerPort == 0 ? port : containerPort, scheme,
        certificate == null || certificate.isEmpty() ? null : certificate, crossZone, allowCidr, preserve, map.position());
  }

  /** Any whole number: the range is a rule of its own, reported with the upstream wording. */
  private Integer number(YNode node, String field) {
    Integer value = node instanceof YScalar s && s.value() != null ? Fields.parseInt(s.value()) : null;
    if (value == null) {
      fields.error(node, field, "a number 1-65535");
    }
    return value;
  }

  private String lower(YMap map, String key, String field, String fallback) {
    String value = map.get(key) == null ? null : fields.string(map.get(key), field + "." + key);
    value = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return value.isEmpty() ? fallback : value;
  }
}
