package io.jrack.manifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code convox.yml} with defaults applied. Lists keep file order. {@code attributes} is
 * the set of dotted paths literally written in the file ({@code services.web.port}), which is how
 * an explicit {@code sticky: false} is told apart from no sticky at all. {@code budget} is v3's
 * {@code budget:} block, null when absent.
 */
public record Manifest(
    Dialect dialect,
    List<EnvEntry> environment,
    Map<String, String> params,
    List<Resource> resources,
    List<Service> services,
    List<Timer> timers,
    List<Balancer> balancers,
    Budget budget,
    Map<String, Object> extensions,
    Set<String> attributes) {

  /** A manifest without a budget block. */
  public Manifest(
      Dialect dialect, List<EnvEntry> environment, Map<String, String> params, List<Resource> resources, List<Service> services,
      List<Timer> timers, List<Balancer> balancers, Map<String, Object> extensions, Set<String> attributes) {
    this(dialect, environment, params, resources, services, timers, balancers, null, extensions, attributes);
  }

  public Optional<Service> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<Resource> resource(String name) {
    return resources.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /**
   * A service's environment entries as Convox combines them: the top-level entries first, then the
   * service's own, so that a later entry for the same name wins.
   */
  public List<EnvEntry> environmentOf(Service service) {
    return java.util.stream.Stream.concat(environment.stream(), service.environment().stream()).toList();
  }
}
