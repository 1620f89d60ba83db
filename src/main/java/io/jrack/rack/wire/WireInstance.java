package io.jrack.rack.wire;

import io.jrack.rack.InstanceInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * structs.Instance: {@code cpu} and {@code memory} are fractions in use (the client prints them as
 * percents). Two of its field names ({@code private-ip}, {@code public-ip}) are no Java names: it
 * travels as a map of the JSON fields, which both JSON libraries write and read as they are.
 */
public record WireInstance(boolean agent, double cpu, String id, double memory, String privateIp, int processes, String publicIp,
    String status, Instant started) {

  public static WireInstance of(InstanceInfo i) {
    return new WireInstance(true, i.cpu(), i.id(), i.memory(), i.privateIp(), i.processes(), i.publicIp(), i.status(), i.started());
  }

  /** The JSON object, by Convox's field names. */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agent", agent);
    m.put("cpu", cpu);
    m.put("id", id);
    m.put("memory", memory);
    m.put("private-ip", privateIp);
    m.put("processes", processes);
    m.put("public-ip", publicIp);
    m.put("status", status);
    m.put("started", started == null ? null : started.toString());
    return m;
  }

  /** From the JSON object as a generic reader gives it (numbers as {@link Number}, times as strings). */
  public static InstanceInfo read(Map<String, Object> m) {
    Object started = m.get("started");
    return new InstanceInfo(text(m.get("id")), text(m.get("status")), started == null ? null : Instant.parse(started.toString()),
        number(m.get("processes")).intValue(), number(m.get("cpu")).doubleValue(), number(m.get("memory")).doubleValue(),
        text(m.get("public-ip")), text(m.get("private-ip")));
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }

  private static Number number(Object o) {
    return o instanceof Number n ? n : 0;
  }
}
