package io.jrack.store;

import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.Release;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link Store} on one SQLite file, {@code rack.db}, in the rack's directory. Each method is one
 * transaction ({@code Transactions}: one connection behind a lock; writes wait up to ten seconds,
 * {@code BUSY_TIMEOUT_MS}, for another process's). This class keeps the rules that span tables (a
 * build belongs to an existing app, one address is one thing's); the SQL of each table is in
 * {@code Rows}, {@code ReleaseRows} and {@code CertificateRows}; opening (file modes, durability, migrations) is
 * {@code RackDb}'s. It is longer than 300 lines because {@link Store} has some forty methods.
 */
public final class SqliteStore implements Store {

  /** How long a write waits for another process's write to finish before giving up. */
  static final int BUSY_TIMEOUT_MS = 10_000;

  private final Transactions tx;
  private final Rows rows;
  private final ReleaseRows releases;
  private final AddressClaims addresses;
  private final CertificateRows certificates;

  private SqliteStore(Path file, Connection conn) {
    this.tx = new Transactions(file, conn);
    this.rows = new Rows(conn);
    this.releases = new ReleaseRows(conn);
    this.addresses = new AddressClaims(rows);
    this.certificates = new CertificateRows(conn);
  }

  /**
   * Opens {@code dir/rack.db}, creating the directory (0700) and file (0600) if missing, and
   * migrates the schema to the latest version. Refuses a file written by a newer jrack rather
   * than guess at a schema it does not know.
   */
  public static SqliteStore open(Path dir) {
    return open(dir, BUSY_TIMEOUT_MS);
  }

  /** Tests wait for a busy database in milliseconds rather than the production ten seconds. */
  static SqliteStore open(Path dir, int busyTimeoutMs) {
    return new SqliteStore(dir.toAbsolutePath().resolve(RackDb.FILE), RackDb.open(dir, busyTimeoutMs));
  }

  // Apps

  @Override
  public void insertApp(App app) {
    String name = Objects.requireNonNull(app.name(), "app name");
    tx.write("create app " + name, () -> {
      if (rows.app(name).isPresent()) {
        throw new StoreException("app " + name + " already exists", true, null);
      }
      rows.insertApp(app);
      return null;
    });
  }

  @Override
  public void updateApp(App app) {
    String name = Objects.requireNonNull(app.name(), "app name");
    tx.write("update app " + name, () -> {
      if (!rows.updateApp(app)) {
        throw noApp(name);
      }
      return null;
    });
  }

  @Override
  public Optional<App> app(String name) {
    return tx.read("read app " + name, () -> rows.app(name));
  }

  @Override
  public List<App> apps() {
    return tx.read("list apps", rows::apps);
  }

  @Override
  public void deleteApp(String name) {
    tx.write("delete app " + name, () -> {
      rows.deleteApp(name);
      return null;
    });
  }

  // Builds

  @Override
  public void putBuild(Build build) {
    String id = Objects.requireNonNull(build.id(), "build id");
    String app = Objects.requireNonNull(build.app(), "build app");
    tx.write("save build " + id, () -> {
      requireApp(app);
      requireOwner("builds", "build", id, app);
      rows.putBuild(build);
      return null;
    });
  }

  @Override
  public Optional<Build> build(String app, String id) {
    return tx.read("read build " + id, () -> rows.build(app, id));
  }

  @Override
  public List<Build> builds(String app, int limit) {
    return tx.read("list builds of " + app, () -> rows.builds(app, limit));
  }

  @Override
  public List<String> buildIds(String app) {
    return tx.read("list build ids of " + app, () -> rows.buildIds(app));
  }

  @Override
  public List<Build> buildsWithStatus(String status) {
    return tx.read("list " + status + " builds", () -> rows.buildsWithStatus(status));
  }

  @Override
  public void deleteBuild(String app, String id) {
    tx.write("delete build " + id, () -> {
      rows.deleteBuild(app, id);
      return null;
    });
  }

  // Releases

  @Override
  public void putRelease(Release release) {
    String id = Objects.requireNonNull(release.id(), "release id");
    String app = Objects.requireNonNull(release.app(), "release app");
    tx.write("save release " + id, () -> {
      requireApp(app);
      requireOwner("releases", "release", id, app);
      releases.put(release);
      return null;
    });
  }

  @Override
  public Optional<Release> release(String app, String id) {
    return tx.read("read release " + id, () -> releases.one(app, id));
  }

  @Override
  public List<Release> releases(String app) {
    return tx.read("list releases of " + app, () -> releases.newestFirst(app, -1));
  }

  @Override
  public Optional<Release> latestRelease(String app) {
    return tx.read("read the latest release of " + app,
        () -> releases.newestFirst(app, 1).stream().findFirst());
  }

  // Parameters

  @Override
  public Map<String, String> params() {
    return tx.read("read rack parameters", rows::params);
  }

  /** A null value removes the parameter. */
  @Override
  public void putParams(Map<String, String> params) {
    tx.write("set rack parameters", () -> {
      rows.putParams(params);
      return null;
    });
  }

  // Endpoints

  @Override
  public Optional<Endpoint> endpoint(String app, String service) {
    return tx.read("read endpoint " + app + "/" + service, () -> rows.endpoint(app, service));
  }

  @Override
  public List<Endpoint> endpoints() {
    return tx.read("list endpoints", rows::endpoints);
  }

  @Override
  public void putEndpoint(Endpoint e) {
    String where = e.app() + "/" + e.service();
    tx.write("assign endpoint " + where, () -> {
      requireApp(e.app());
      addresses.checkFree(e);
      rows.putEndpoint(e);
      return null;
    });
  }

  // Resources

  @Override
  public Optional<AssignedResource> resource(String app, String name) {
    return tx.read("read resource " + app + "/" + name, () -> rows.resource(app, name));
  }

  @Override
  public List<AssignedResource> resources(String app) {
    return tx.read("list resources of " + app, () -> rows.resources(app));
  }

  @Override
  public List<AssignedResource> allResources() {
    return tx.read("list resources", rows::allResources);
  }

  @Override
  public void putResource(AssignedResource r) {
    String where = r.app() + "/" + r.name();
    tx.write("assign resource " + where, () -> {
      requireApp(r.app());
      addresses.checkFree(r);
      rows.putResource(r);
      return null;
    });
  }

  @Override
  public void deleteResource(String app, String name) {
    tx.write("delete resource " + app + "/" + name, () -> {
      rows.deleteResource(app, name);
      return null;
    });
  }

  // Certificates

  @Override
  public void putCertificate(StoredCertificate c) {
    tx.write("save certificate " + c.id(), () -> {
      certificates.put(c);
      return null;
    });
  }

  @Override
  public Optional<StoredCertificate> certificate(String id) {
    return tx.read("read certificate " + id, () -> certificates.one(id));
  }

  @Override
  public List<StoredCertificate> certificates() {
    return tx.read("list certificates", certificates::all);
  }

  @Override
  public void deleteCertificate(String id) {
    tx.write("delete certificate " + id, () -> {
      List<CertificateUse> uses = certificates.uses().stream().filter(u -> u.certificate().equals(id)).toList();
      if (!uses.isEmpty()) {
        CertificateUse u = uses.get(0);
        throw new StoreException("certificate " + id + " is applied to " + u.app() + " " + u.service() + ":" + u.port(), true, null);
      }
      certificates.delete(id);
      return null;
    });
  }

  @Override
  public void putCertificateUse(CertificateUse use) {
    tx.write("apply certificate " + use.certificate(), () -> {
      requireApp(use.app());
      certificates.putUse(use);
      return null;
    });
  }

  @Override
  public List<CertificateUse> certificateUses() {
    return tx.read("list certificate uses", certificates::uses);
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code work} gets this store, and other threads wait until it returns, so {@code work} must
   * not wait on another thread that uses the store. A nested {@code transaction} joins this one,
   * but as a savepoint: if it throws and the outer work catches that, only the nested writes are
   * undone.
   */
  @Override
  public <T> T transaction(Function<Store, T> work) {
    return tx.write("commit a transaction", () -> work.apply(this));
  }

  @Override
  public int schemaVersion() {
    return tx.read("read the schema version", () -> Migrations.version(tx.connection()));
  }

  /** For tests: per-connection PRAGMAs (synchronous, foreign_keys) can't be seen from outside. */
  String pragma(String name) {
    return tx.read("read pragma " + name, () -> RackDb.pragma(tx.connection(), name));
  }

  @Override
  public void close() {
    tx.close();
  }

  private void requireApp(String app) throws SQLException {
    if (rows.app(app).isEmpty()) {
      throw noApp(app);
    }
  }

  /** Refuses to move a build or release to another app: its id stays the first app's. */
  private void requireOwner(String table, String kind, String id, String app) throws SQLException {
    rows.owner(table, id).filter(owner -> !owner.equals(app)).ifPresent(owner -> {
      throw new StoreException(kind + " " + id + " belongs to app " + owner, true, null);
    });
  }

  private static StoreException noApp(String app) {
    return new StoreException("app " + app + " does not exist", false, null);
  }
}
