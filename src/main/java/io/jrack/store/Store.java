package io.jrack.store;

import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.Release;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rack's state. Every method is atomic on its own; {@link #transaction} groups several into
 * one atomic unit (all or nothing, even across a crash). Lists come newest first where they have
 * an order in time. Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {

  // Apps
  /** Inserts a new app; throws {@link StoreException} with {@code conflict()} true if it exists. */
  void insertApp(App app);

  void updateApp(App app);

  Optional<App> app(String name);

  /** All apps, sorted by name. */
  List<App> apps();

  /** Removes the app with its builds, releases and endpoints. */
  void deleteApp(String name);

  // Builds (insert or replace by id)
  void putBuild(Build build);

  Optional<Build> build(String app, String id);

  /** The app's builds, newest first. */
  default List<Build> builds(String app) {
    return builds(app, -1);
  }

  /** The app's newest {@code limit} builds (all when {@code limit} is below zero), newest first. */
  List<Build> builds(String app, int limit);

  /** The ids of the app's builds, newest first: what pruning needs without reading logs and manifests. */
  List<String> buildIds(String app);

  /** Every app's builds with this status (finding builds a stopped rack left {@code running}). */
  List<Build> buildsWithStatus(String status);

  void deleteBuild(String app, String id);

  // Releases (insert or replace by id)
  void putRelease(Release release);

  Optional<Release> release(String app, String id);

  List<Release> releases(String app);

  /** The most recently created release of the app, whatever its status. */
  Optional<Release> latestRelease(String app);

  // Rack parameters
  Map<String, String> params();

  /** Sets the given parameters, leaving the others as they are. */
  void putParams(Map<String, String> params);

  // Internal endpoints: a stable (host, port) per app service, unique across the rack.
  Optional<Endpoint> endpoint(String app, String service);

  /** Every assigned endpoint, all apps. */
  List<Endpoint> endpoints();

  /** Assigns; throws {@link StoreException} with {@code conflict()} true if host:port is taken. */
  void putEndpoint(Endpoint endpoint);

  // Resources: where each app resource runs and its credentials.
  Optional<AssignedResource> resource(String app, String name);

  /** The app's resources, sorted by name. */
  List<AssignedResource> resources(String app);

  /** Every app's resources. */
  List<AssignedResource> allResources();

  /** Assigns; throws {@link StoreException} with {@code conflict()} true if host:port is taken. */
  void putResource(AssignedResource resource);

  void deleteResource(String app, String name);

  // Certificates of the router (convox certs), with their keys, and where each is applied.
  void putCertificate(StoredCertificate certificate);

  Optional<StoredCertificate> certificate(String id);

  /** All, oldest first. */
  List<StoredCertificate> certificates();

  /** Deletes one; throws {@link StoreException} with {@code conflict()} true while it is applied. */
  void deleteCertificate(String id);

  /** Applies a certificate to an app service's port, replacing the one applied there. */
  void putCertificateUse(CertificateUse use);

  /** Every application of a certificate, all apps. */
  List<CertificateUse> certificateUses();

  /** Runs {@code work} as one transaction: on an exception nothing it wrote is kept. */
  <T> T transaction(java.util.function.Function<Store, T> work);

  /** The schema version this store is at (migrations applied). */
  int schemaVersion();

  @Override
  void close();

  /** An internal endpoint assignment. */
  record Endpoint(String app, String service, String host, int port) {}

  /** A certificate and its key (PEM); the key never appears in toString. */
  record StoredCertificate(String id, List<String> domains, java.time.Instant expiration, String chainPem, String keyPem,
      java.time.Instant created) {
    @Override
    public String toString() {
      return "StoredCertificate[%s %s until %s]".formatted(id, domains, expiration);
    }
  }

  /** Certificate {@code certificate} is applied to port {@code port} of {@code service} of {@code app}. */
  record CertificateUse(String app, String service, int port, String certificate) {}

  /** A resource's server address and credentials; the password never appears in toString. */
  record AssignedResource(
      String app, String name, String type, String host, int port, String user, String password, String database) {
    @Override
    public String toString() {
      return "AssignedResource[%s/%s %s %s:%d user=%s database=%s]".formatted(app, name, type, host, port, user, database);
    }
  }
}
