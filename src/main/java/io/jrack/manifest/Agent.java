package io.jrack.manifest;

import java.util.List;

/** Agent mode: one process per node, with host ports. */
public record Agent(boolean enabled, List<PortSpec> ports) {
  public static final Agent DISABLED = new Agent(false, List.of());
}
