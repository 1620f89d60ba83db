package io.jrack.rack.wire;

import io.jrack.rack.SystemInfo;
import java.util.Map;

/**
 * structs.System: {@code version} is {@link ConvoxVersion#PROTOCOL}, what Convox clients need to
 * see; {@code jrack} (ours, extra) is the rack's own version.
 */
public record WireSystem(int count, String domain, String name, Map<String, String> outputs, Map<String, String> parameters,
    String provider, String region, String status, String type, String version, String jrack) {

  public static WireSystem of(SystemInfo s) {
    return new WireSystem(1, s.routerHost(), s.name(), s.outputs(), s.params(), s.provider(), null, s.status(), null,
        ConvoxVersion.PROTOCOL, s.version());
  }

  public SystemInfo toSystem() {
    return new SystemInfo(name, provider, domain, status, jrack == null ? version : jrack, parameters == null ? Map.of() : parameters,
        outputs == null ? Map.of() : outputs);
  }
}
