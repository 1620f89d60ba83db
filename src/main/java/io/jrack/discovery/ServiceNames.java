package io.jrack.discovery;

import io.jrack.manifest.DnsLabel;
import io.jrack.manifest.Port;
import io.jrack.manifest.Service;
import java.util.List;
import java.util.Optional;

/**
 * The names the rack's DNS gives services, decided here so that every runtime and the resolver
 * agree: {@code <service>.<app>.<rack>.local}, found from a container of the app as
 * {@code <service>} and {@code <service>.<app>} through its search domains
 * ({@code <app>.<rack>.local <rack>.local}). A link over DNS is {@code http://<that name>:<port>}
 * ({@code https://} for a service that speaks TLS itself, {@code port: https:3000}), the same
 * across redeploys and restarts because it names the service, not an instance.
 */
public final class ServiceNames {
  private ServiceNames() {}

  /** What an app's services are looked up in: the manifest services of an app, or nothing. */
  @FunctionalInterface
  public interface Services {
    Optional<Service> service(String app, String service);
  }

  /** The rack's zone, {@code <rack>.local}. */
  public static String zone(String rack) {
    return label("rack", rack) + ".local";
  }

  /**
   * The internal router's domain, {@code <rack>.internal}: every name under it is the internal
   * router, as v3's {@code *.<DomainInternal>} points at its internal balancer.
   */
  public static String internalRouterZone(String rack) {
    return rack.toLowerCase(java.util.Locale.ROOT) + ".internal";
  }

  /** {@code <service>.<app>.<rack>.local}. */
  public static String host(String rack, String app, String service) {
    return label("service", service) + "." + label("app", app) + "." + zone(rack);
  }

  /** The {@code search} line of a container of {@code app}: its own app first, then the rack. */
  public static List<String> searchDomains(String rack, String app) {
    return List.of(label("app", app) + "." + zone(rack), zone(rack));
  }

  /** Where a link to {@code target} of {@code app} points over DNS; empty when it has no port. */
  public static Optional<Endpoint> endpoint(String rack, String app, Service target) {
    return target.mainPort().map(p -> new Endpoint(scheme(p), host(rack, app, target.name()), p.port()));
  }

  /**
   * Endpoints for a runtime whose services have the rack's DNS (containers): links by name, resources
   * as {@code resources} gives them. A link to a service {@code services} does not know, or to one
   * without a port, has no endpoint, which discovery reports as a problem.
   */
  public static Endpoints overDns(String rack, Services services, Endpoints resources) {
    zone(rack);
    return new Endpoints() {
      @Override
      public Optional<Endpoint> service(String app, String service) {
        return services.service(app, service).flatMap(s -> endpoint(rack, app, s));
      }

      @Override
      public Optional<ResourceEndpoint> resource(String app, String resource) {
        return resources.resource(app, resource);
      }
    };
  }

  private static String scheme(Port port) {
    return "https".equals(port.scheme()) ? "https" : "http";
  }

  private static String label(String kind, String name) {
    if (!DnsLabel.matches(name, DnsLabel.MAX)) {
      throw new IllegalArgumentException("%s name: \"%s\" (expected: a DNS label: lowercase letters, digits and dashes, starting with a letter, at most 63)"
          .formatted(kind, DnsLabel.shown(String.valueOf(name))));
    }
    return name;
  }
}
