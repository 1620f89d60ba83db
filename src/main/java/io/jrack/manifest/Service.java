package io.jrack.manifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of an app, with every default already applied. Build one with {@link #builder(String)}.
 *
 * <p>{@code build} is null when the service uses {@code image}; {@code port} is null when the service
 * has no HTTP port; {@code liveness}, {@code startupProbe} and {@code securityContext} are their
 * {@code NONE} constants when not written (the startup probe may still be derived, for GPU
 * services); {@code internalAndExternal} (Gen2) comes with {@code internal} set, as Convox
 * sets it; {@code extensions} keeps keys this rack does not interpret (volumes, labels,
 * lifecycle...) as plain maps, lists and strings.
 */
public record Service(
    String name,
    Position position,
    Build build,
    String image,
    Command command,
    Port port,
    List<PortSpec> ports,
    List<String> domains,
    List<EnvEntry> environment,
    Health health,
    boolean internal,
    boolean internalRouter,
    boolean internalAndExternal,
    List<Link> links,
    List<ResourceRef> resources,
    Scale scale,
    Deployment deployment,
    int drain,
    int terminationGrace,
    boolean sticky,
    boolean singleton,
    Agent agent,
    boolean init,
    int timeout,
    boolean tlsRedirect,
    Map<String, String> annotations,
    List<String> whitelist,
    String test,
    List<Nlb> nlb,
    Liveness liveness,
    StartupProbe startupProbe,
    SecurityContext securityContext,
    Map<String, Object> extensions) {

  public static ServiceBuilder builder(String name) {
    return new ServiceBuilder(name);
  }

  public Optional<Port> mainPort() {
    return Optional.ofNullable(port);
  }

  public boolean hasPort() {
    return port != null;
  }

  /**
   * Whether the router's public listeners serve it: a service with a port that is neither internal
   * nor on the internal router, or one both internal and public ({@code internalAndExternal: true},
   * Gen2, which also makes it {@link #internal}).
   */
  public boolean servedPublicly() {
    return hasPort() && !internalRouter && (!internal || internalAndExternal);
  }
}
