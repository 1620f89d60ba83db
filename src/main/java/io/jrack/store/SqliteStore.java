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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * {@link Store} on one SQLite file, {@code rack.db}, in the rack's directory.
 *
 * <p>One connection serves every thread, guarded by a lock: the rack's writes are small and few,
 * and a single connection makes "read then write" inside {@link #transaction} trivially
 * serializable within the process. Across processes (the CLI and a running rack on the same
 * directory) every write takes SQLite's write lock up front ({@code BEGIN IMMEDIATE}), so a
 * read-modify-write never fails halfway with a lock upgrade error; it waits up to
 * ten seconds ({@code BUSY_TIMEOUT_MS}) instead.
 *
 * <p>Opening is {@code RackDb}'s job: file modes, durability settings, migrations.
 */
public final class SqliteStore implements Store {

  /** How long a write waits for another process's write to finish before giving up. */
  static final int BUSY_TIMEOUT_MS = 10_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Rows rows;
  private final CertificateRows certificates;
  private final Path file;
  private Connection conn; // null once closed; guarded by lock
  private int depth; // transactions open on this thread, counting the outermost; guarded by lock

  private SqliteStore(Path file, Connection conn) {
    this.file = file;
    this.conn = conn;
    this.rows = new Rows(conn);
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
    write("create app " + name, () -> {
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
    write("update app " + name, () -> {
      if (!rows.updateApp(app)) {
        throw noApp(name);
      }
      return null;
    });
  }

  @Override
  public Optional<App> app(String name) {
    return read("read app " + name, () -> rows.app(name));
  }

  @Override
  public List<App> apps() {
    return read("list apps", rows::apps);
  }

  @Override
  public void deleteApp(String name) {
    write("delete app " + name, () -> {
      rows.deleteApp(name);
      return null;
    });
  }

  // Builds

  @Override
  public void putBuild(Build build) {
    String id = Objects.requireNonNull(build.id(), "build id");
    String app = Objects.requireNonNull(build.app(), "build app");
    write("save build " + id, () -> {
      requireApp(app);
      rows.owner("builds", id).filter(owner -> !owner.equals(app)).ifPresent(owner -> {
        throw new StoreException("build " + id + " belongs to app " + owner, true, null);
      });
      rows.putBuild(build);
      return null;
    });
  }

  @Override
  public Optional<Build> build(String app, String id) {
    return read("read build " + id, () -> rows.build(app, id));
  }

  @Override
  public List<Build> builds(String app, int limit) {
    return read("list builds of " + app, () -> rows.builds(app, limit));
  }

  @Override
  public List<String> buildIds(String app) {
    return read("list build ids of " + app, () -> rows.buildIds(app));
  }

  @Override
  public List<Build> buildsWithStatus(String status) {
    return read("list " + status + " builds", () -> rows.buildsWithStatus(status));
  }

  @Override
  public void deleteBuild(String app, String id) {
    write("delete build " + id, () -> {
      rows.deleteBuild(app, id);
      return null;
    });
  }

  // Releases

  @Override
  public void putRelease(Release release) {
    String id = Objects.requireNonNull(release.id(), "release id");
    String app = Objects.requireNonNull(release.app(), "release app");
    write("save release " + id, () -> {
      requireApp(app);
      rows.owner("releases", id).filter(owner -> !owner.equals(app)).ifPresent(owner -> {
        throw new StoreException("release " + id + " belongs to app " + owner, true, null);
      });
      rows.putRelease(release);
      return null;
    });
  }

  @Override
  public Optional<Release> release(String app, String id) {
    return read("read release " + id, () -> rows.release(app, id));
  }

  @Override
  public List<Release> releases(String app) {
    return read("list releases of " + app, () -> rows.releases(app, -1));
  }

  @Override
  public Optional<Release> latestRelease(String app) {
    return read("read the latest release of " + app,
        () -> rows.releases(app, 1).stream().findFirst());
  }

  // Parameters

  @Override
  public Map<String, String> params() {
    return read("read rack parameters", rows::params);
  }

  /** A null value removes the parameter. */
  @Override
  public void putParams(Map<String, String> params) {
    write("set rack parameters", () -> {
      rows.putParams(params);
      return null;
    });
  }

  // Endpoints

  @Override
  public Optional<Endpoint> endpoint(String app, String service) {
    return read("read endpoint " + app + "/" + service, () -> rows.endpoint(app, service));
  }

  @Override
  public List<Endpoint> endpoints() {
    return read("list endpoints", rows::endpoints);
  }

  @Override
  public void putEndpoint(Endpoint e) {
    String where = e.app() + "/" + e.service();
    write("assign endpoint " + where, () -> {
      requireApp(e.app());
      rows.endpointAt(e.host(), e.port())
          .filter(holder -> !holder.app().equals(e.app()) || !holder.service().equals(e.service()))
          .ifPresent(holder -> {
            throw new StoreException("endpoint " + hostPort(e.host(), e.port())
                + " is already assigned to " + holder.app() + "/" + holder.service(), true, null);
          });
      rows.resourceAt(e.host(), e.port()).ifPresent(holder -> {
        throw new StoreException("endpoint " + hostPort(e.host(), e.port())
            + " is already the address of resource " + holder.app() + "/" + holder.name(), true, null);
      });
      rows.putEndpoint(e);
      return null;
    });
  }

  // Resources

  @Override
  public Optional<AssignedResource> resource(String app, String name) {
    return read("read resource " + app + "/" + name, () -> rows.resource(app, name));
  }

  @Override
  public List<AssignedResource> resources(String app) {
    return read("list resources of " + app, () -> rows.resources(app));
  }

  @Override
  public List<AssignedResource> allResources() {
    return read("list resources", rows::allResources);
  }

  @Override
  public void putResource(AssignedResource r) {
    String where = r.app() + "/" + r.name();
    write("assign resource " + where, () -> {
      requireApp(r.app());
      rows.resourceAt(r.host(), r.port())
          .filter(holder -> !holder.app().equals(r.app()) || !holder.name().equals(r.name()))
          .ifPresent(holder -> {
            throw new StoreException("resource address " + hostPort(r.host(), r.port())
                + " is already assigned to " + holder.app() + "/" + holder.name(), true, null);
          });
      rows.endpointAt(r.host(), r.port()).ifPresent(holder -> {
        throw new StoreException("resource address " + hostPort(r.host(), r.port())
            + " is already the endpoint of " + holder.app() + "/" + holder.service(), true, null);
      });
      rows.putResource(r);
      return null;
    });
  }

  @Override
  public void deleteResource(String app, String name) {
    write("delete resource " + app + "/" + name, () -> {
      rows.deleteResource(app, name);
      return null;
    });
  }

  // Transactions and lifecycle

  // Certificates

  @Override
  public void putCertificate(StoredCertificate c) {
    write("save certificate " + c.id(), () -> {
      certificates.put(c);
      return null;
    });
  }

  @Override
  public Optional<StoredCertificate> certificate(String id) {
    return read("read certificate " + id, () -> certificates.one(id));
  }

  @Override
  public List<StoredCertificate> certificates() {
    return read("list certificates", certificates::all);
  }

  @Override
  public void deleteCertificate(String id) {
    write("delete certificate " + id, () -> {
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
    write("apply certificate " + use.certificate(), () -> {
      requireApp(use.app());
      certificates.putUse(use);
      return null;
    });
  }

  @Override
  public List<CertificateUse> certificateUses() {
    return read("list certificate uses", certificates::uses);
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
    return write("commit a transaction", () -> work.apply(this));
  }

  @Override
  public int schemaVersion() {
    return read("read the schema version", () -> Migrations.version(conn));
  }

  /** For tests: per-connection PRAGMAs (synchronous, foreign_keys) can't be seen from outside. */
  String pragma(String name) {
    return read("read pragma " + name, () -> RackDb.pragma(conn, name));
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (depth > 0) {
        throw new IllegalStateException("cannot close the store inside its own transaction");
      }
      if (conn != null) {
        RackDb.closeQuietly(conn);
        conn = null;
      }
    } finally {
      lock.unlock();
    }
  }

  // Machinery

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T read(String what, Work<T> work) {
    return run(what, "BEGIN", work);
  }

  private <T> T write(String what, Work<T> work) {
    return run(what, "BEGIN IMMEDIATE", work);
  }

  /**
   * Runs {@code work} in its own transaction, or, inside one already open on this thread, in a
   * savepoint of it, so a failed call never leaves half its rows behind either way.
   */
  private <T> T run(String what, String begin, Work<T> work) {
    lock.lock();
    try {
      if (conn == null) {
        throw new StoreException("rack.db is closed", false, null);
      }
      String end = depth == 0 ? "COMMIT" : "RELEASE s" + depth;
      String undo = depth == 0 ? "ROLLBACK" : "ROLLBACK TO s" + depth;
      RackDb.exec(conn, depth == 0 ? begin : "SAVEPOINT s" + depth);
      depth++;
      boolean done = false;
      try {
        T result = work.run();
        RackDb.exec(conn, end);
        done = true;
        return result;
      } finally {
        depth--;
        if (!done) {
          try {
            RackDb.exec(conn, undo);
            if (depth > 0) {
              RackDb.exec(conn, end);
            }
          } catch (SQLException ignored) {
            // Rolling back fails only when SQLite has already rolled back on its own (I/O error).
          }
        }
      }
    } catch (SQLException e) {
      throw RackDb.failure(file, what, e);
    } finally {
      lock.unlock();
    }
  }

  private void requireApp(String app) throws SQLException {
    if (rows.app(app).isEmpty()) {
      throw noApp(app);
    }
  }

  private static StoreException noApp(String app) {
    return new StoreException("app " + app + " does not exist", false, null);
  }

  static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
