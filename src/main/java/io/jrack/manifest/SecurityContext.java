package io.jrack.manifest;

import java.util.List;

/**
 * v3 {@code securityContext}, applied to the service's container. Every field is null (or an
 * empty list) when not written, so an explicit {@code false} stays distinguishable from nothing.
 */
public record SecurityContext(
    Boolean runAsNonRoot,
    Long runAsUser,
    Long runAsGroup,
    Long fsGroup,
    Boolean readOnlyRootFilesystem,
    Boolean allowPrivilegeEscalation,
    List<String> capabilitiesAdd,
    List<String> capabilitiesDrop,
    String seccompProfile) {
  public static final SecurityContext NONE = new SecurityContext(null, null, null, null, null, null, List.of(), List.of(), null);
}
