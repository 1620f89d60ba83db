package io.jrack.manifest;

import io.jrack.manifest.YNode.YMap;
import io.jrack.manifest.YNode.YScalar;
import java.util.Set;

/**
 * Reads v3's {@code liveness:} and {@code startupProbe:} and derives the values Convox fills in:
 * liveness defaults, startup timings inherited from liveness, and the automatic TCP startup probe
 * of GPU services.
 */
final class ProbeParser {
  private static final Set<String> LIVENESS_KEYS =
      Set.of("path", "port", "grace", "interval", "timeout", "successThreshold", "failureThreshold", "grpcService");
  private static final Set<String> STARTUP_KEYS =
      Set.of("path", "tcpSocketPort", "grace", "interval", "timeout", "successThreshold", "failureThreshold");

  private final Fields fields;

  ProbeParser(Fields fields) {
    this.fields = fields;
  }

  Liveness liveness(YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map == null) {
      return Liveness.NONE;
    }
    fields.checkKeys(map, field, LIVENESS_KEYS);
    String path = map.get("path") == null ? null : fields.string(map.get("path"), field + ".path");
    path = path == null || path.isBlank() ? null : path.strip();
    boolean on = path != null;
    Port port = map.get("port") == null ? null : port(map.get("port"), field + ".port");
    String grpcService = map.get("grpcService") == null ? null : fields.string(map.get("grpcService"), field + ".grpcService");
    return new Liveness(path, port,
        seconds(map, "grace", field, on ? 10 : 0),
        seconds(map, "interval", field, on ? 5 : 0),
        seconds(map, "timeout", field, on ? 5 : 0),
        seconds(map, "successThreshold", field, on ? 1 : 0),
        seconds(map, "failureThreshold", field, on ? 3 : 0),
        grpcService);
  }

  /** The probe as written; {@link #derive} fills in the rest. */
  StartupProbe startupProbe(YNode value, String field) {
    YMap map = fields.map(value, field);
    if (map == null) {
      return StartupProbe.NONE;
    }
    fields.checkKeys(map, field, STARTUP_KEYS);
    String path = map.get("path") == null ? null : fields.string(map.get("path"), field + ".path");
    // A port number or a named container port, kept as the string Kubernetes takes.
    String tcp = map.get("tcpSocketPort") == null ? null : fields.string(map.get("tcpSocketPort"), field + ".tcpSocketPort");
    tcp = tcp == null || tcp.isBlank() ? null : tcp.strip();
    return new StartupProbe(path == null || path.isBlank() ? null : path.strip(), tcp,
        seconds(map, "grace", field, 0), seconds(map, "interval", field, 0), seconds(map, "timeout", field, 0),
        seconds(map, "successThreshold", field, 0), seconds(map, "failureThreshold", field, 0));
  }

  /**
   * The startup probe Convox runs. A probe with a path or TCP port keeps what is written and takes
   * each timing left at 0 from liveness (from the GPU defaults on a GPU service without liveness).
   * A GPU service with a main port and no probe gets a TCP probe on that port, timed the same way.
   * Any other service has no probe: its timings stay as written.
   */
  static StartupProbe derive(StartupProbe written, Liveness liveness, int gpu, Port mainPort) {
    String tcp = written.tcpSocketPort();
    if (!written.enabled()) {
      if (gpu <= 0 || mainPort == null) {
        return written;
      }
      tcp = Integer.toString(mainPort.port());
    }
    StartupProbe base = gpu > 0 && !liveness.enabled()
        ? StartupProbe.GPU_DEFAULTS
        : new StartupProbe(null, null, liveness.grace(), liveness.interval(), liveness.timeout(), liveness.successThreshold(), liveness.failureThreshold());
    return new StartupProbe(written.path(), tcp,
        or(written.grace(), base.grace()),
        or(written.interval(), base.interval()),
        or(written.timeout(), base.timeout()),
        or(written.successThreshold(), base.successThreshold()),
        or(written.failureThreshold(), base.failureThreshold()));
  }

  /** {@code 3001} (the scheme left to the service) or {@code {port: 3001, scheme: http}}. */
  Port port(YNode value, String field) {
    if (value instanceof YScalar) {
      Integer number = fields.integer(value, field, 1, 65535);
      return number == null ? null : new Port(number, null);
    }
    YMap map = fields.map(value, field);
    return map == null ? null : ServiceParser.portMap(fields, map, field, null);
  }

  private int seconds(YMap map, String key, String field, int fallback) {
    if (map.get(key) == null) {
      return fallback;
    }
    Integer value = fields.integer(map.get(key), field + "." + key, 0, 86_400);
    return value == null || value == 0 ? fallback : value;
  }

  private static int or(int value, int fallback) {
    return value != 0 ? value : fallback;
  }
}
