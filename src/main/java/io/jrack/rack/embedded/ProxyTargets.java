package io.jrack.rack.embedded;

import io.jrack.manifest.Manifest;
import io.jrack.manifest.Service;
import io.jrack.rack.App;
import io.jrack.rack.ProviderException;
import io.jrack.store.Store;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where {@code convox proxy PORT:HOST:HOSTPORT} goes, resolved inside the rack and only there: HOST is a
 * service or a resource of an app, as {@code SERVICE.APP} or {@code SERVICE.APP.RACK.local}, and
 * HOSTPORT the service's port (or the resource's); the connection goes to the rack's own endpoint for
 * it. Any other host (an address, a name outside the rack) is refused, so the API is no open relay.
 */
final class ProxyTargets {
  private final Store store;
  private final EndpointAllocator endpoints;
  private final String rack;

  ProxyTargets(Store store, EndpointAllocator endpoints, String rack) {
    this.store = store;
    this.endpoints = endpoints;
    this.rack = rack;
  }

  InetSocketAddress resolve(String host, int port) {
    String h = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
    String suffix = "." + rack + ".local";
    if (h.endsWith(suffix)) {
      h = h.substring(0, h.length() - suffix.length());
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw refused(host);
    }
    String name = parts[0];
    String app = parts[1];
    App a = store.app(app).orElseThrow(() -> refused(host));
    Optional<Service> service = manifest(a).flatMap(m -> m.service(name));
    if (service.isPresent()) {
      Service s = service.get();
      if (!s.hasPort()) {
        throw ProviderException.badRequest("proxy: service %s of app %s has no port (expected: a service with port: in convox.yml)".formatted(name, app));
      }
      if (s.port().port() != port) {
        throw ProviderException.badRequest("proxy: %s port %d (expected: %d, the service's port)".formatted(host, port, s.port().port()));
      }
      return endpoints.get(app, name).map(e -> new InetSocketAddress(e.host(), e.port()))
          .orElseThrow(() -> ProviderException.conflict("proxy: service %s of app %s is not running".formatted(name, app)));
    }
    Store.AssignedResource r = store.resource(app, name).orElseThrow(() -> refused(host));
    if (r.port() != port) {
      throw ProviderException.badRequest("proxy: %s port %d (expected: %d, the resource's port)".formatted(host, port, r.port()));
    }
    return new InetSocketAddress(r.host(), r.port());
  }

  private Optional<Manifest> manifest(App a) {
    if (a.release() == null) {
      return Optional.empty();
    }
    return store.release(a.name(), a.release()).flatMap(r -> Manifests.parse(r.manifest(), r.env(), false).manifest());
  }

  private ProviderException refused(String host) {
    return ProviderException.badRequest(("proxy: host \"%s\" (expected: a service or resource of an app of this rack, as SERVICE.APP or "
        + "SERVICE.APP.%s.local, e.g. api.myapp; other hosts are not proxied)").formatted(host, rack));
  }
}
