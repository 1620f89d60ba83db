package io.jrack.store;

import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.store.Store.AssignedResource;
import io.jrack.store.Store.Endpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQL of the {@code apps}, {@code builds}, {@code params}, {@code endpoints} and {@code resources}
 * tables, apart from the locking and transactions around it, which {@link Transactions} owns: every
 * method here assumes a transaction is open. Releases, with their env rows, are {@link ReleaseRows}.
 */
final class Rows extends SqlRows {

  private static final String BUILD_COLUMNS =
      "id, app, status, release, description, manifest, started, ended, logs";

  Rows(Connection conn) {
    super(conn);
  }

  // Apps

  Optional<App> app(String name) throws SQLException {
    return first(query("SELECT name, status, release, created FROM apps WHERE name = ?",
        Rows::toApp, name));
  }

  List<App> apps() throws SQLException {
    return query("SELECT name, status, release, created FROM apps ORDER BY name", Rows::toApp);
  }

  void insertApp(App a) throws SQLException {
    update("INSERT INTO apps (name, status, release, created) VALUES (?, ?, ?, ?)",
        a.name(), a.status(), a.release(), text(a.created()));
  }

  boolean updateApp(App a) throws SQLException {
    return update("UPDATE apps SET status = ?, release = ?, created = ? WHERE name = ?",
        a.status(), a.release(), text(a.created()), a.name()) > 0;
  }

  void deleteApp(String name) throws SQLException {
    update("DELETE FROM apps WHERE name = ?", name);
  }

  /** The app a build or release id belongs to: ids are unique across the rack, not per app. */
  Optional<String> owner(String table, String id) throws SQLException {
    return first(query("SELECT app FROM " + table + " WHERE id = ?", rs -> rs.getString(1), id));
  }

  // Builds

  void putBuild(Build b) throws SQLException {
    update("INSERT INTO builds (" + BUILD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
            + " release = excluded.release, description = excluded.description,"
            + " manifest = excluded.manifest, started = excluded.started,"
            + " ended = excluded.ended, logs = excluded.logs",
        b.id(), b.app(), b.status(), b.release(), b.description(), b.manifest(),
        text(b.started()), text(b.ended()), b.logs());
  }

  Optional<Build> build(String app, String id) throws SQLException {
    return first(query("SELECT " + BUILD_COLUMNS + " FROM builds WHERE app = ? AND id = ?",
        Rows::toBuild, app, id));
  }

  /** The app's builds, newest first; {@code limit} below zero means all. */
  List<Build> builds(String app, int limit) throws SQLException {
    return query("SELECT " + BUILD_COLUMNS + " FROM builds WHERE app = ? ORDER BY seq DESC LIMIT ?",
        Rows::toBuild, app, limit);
  }

  List<String> buildIds(String app) throws SQLException {
    return query("SELECT id FROM builds WHERE app = ? ORDER BY seq DESC", rs -> rs.getString(1), app);
  }

  List<Build> buildsWithStatus(String status) throws SQLException {
    return query("SELECT " + BUILD_COLUMNS + " FROM builds WHERE status = ? ORDER BY seq", Rows::toBuild, status);
  }

  void deleteBuild(String app, String id) throws SQLException {
    update("DELETE FROM builds WHERE app = ? AND id = ?", app, id);
  }

  // Parameters

  Map<String, String> params() throws SQLException {
    Map<String, String> params = new TreeMap<>();
    for (String[] kv : query("SELECT key, value FROM params",
        rs -> new String[] {rs.getString(1), rs.getString(2)})) {
      params.put(kv[0], kv[1]);
    }
    return Collections.unmodifiableMap(params);
  }

  void putParams(Map<String, String> params) throws SQLException {
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue() == null) {
        update("DELETE FROM params WHERE key = ?", e.getKey());
      } else {
        update("INSERT INTO params (key, value) VALUES (?, ?)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value", e.getKey(), e.getValue());
      }
    }
  }

  // Endpoints

  Optional<Endpoint> endpoint(String app, String service) throws SQLException {
    return first(query("SELECT app, service, host, port FROM endpoints"
        + " WHERE app = ? AND service = ?", Rows::toEndpoint, app, service));
  }

  Optional<Endpoint> endpointAt(String host, int port) throws SQLException {
    return first(query("SELECT app, service, host, port FROM endpoints"
        + " WHERE host = ? AND port = ?", Rows::toEndpoint, host, port));
  }

  List<Endpoint> endpoints() throws SQLException {
    return query("SELECT app, service, host, port FROM endpoints ORDER BY app, service",
        Rows::toEndpoint);
  }

  void putEndpoint(Endpoint e) throws SQLException {
    update("INSERT INTO endpoints (app, service, host, port) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (app, service) DO UPDATE SET host = excluded.host, port = excluded.port",
        e.app(), e.service(), e.host(), e.port());
  }

  // Resources

  private static final String RESOURCE_COLUMNS = "SELECT app, name, type, host, port, user, password, database FROM resources";

  Optional<AssignedResource> resource(String app, String name) throws SQLException {
    return first(query(RESOURCE_COLUMNS + " WHERE app = ? AND name = ?", Rows::toResource, app, name));
  }

  Optional<AssignedResource> resourceAt(String host, int port) throws SQLException {
    return first(query(RESOURCE_COLUMNS + " WHERE host = ? AND port = ?", Rows::toResource, host, port));
  }

  List<AssignedResource> resources(String app) throws SQLException {
    return query(RESOURCE_COLUMNS + " WHERE app = ? ORDER BY name", Rows::toResource, app);
  }

  List<AssignedResource> allResources() throws SQLException {
    return query(RESOURCE_COLUMNS + " ORDER BY app, name", Rows::toResource);
  }

  void putResource(AssignedResource r) throws SQLException {
    update("INSERT INTO resources (app, name, type, host, port, user, password, database)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app, name) DO UPDATE SET type = excluded.type,"
            + " host = excluded.host, port = excluded.port, user = excluded.user,"
            + " password = excluded.password, database = excluded.database",
        r.app(), r.name(), r.type(), r.host(), r.port(), r.user(), r.password(), r.database());
  }

  void deleteResource(String app, String name) throws SQLException {
    update("DELETE FROM resources WHERE app = ? AND name = ?", app, name);
  }

  // Mapping

  private static App toApp(ResultSet rs) throws SQLException {
    return new App(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getString(4)));
  }

  private static Build toBuild(ResultSet rs) throws SQLException {
    return new Build(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getString(6), instant(rs.getString(7)), instant(rs.getString(8)),
        rs.getString(9));
  }

  private static AssignedResource toResource(ResultSet rs) throws SQLException {
    return new AssignedResource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8));
  }

  private static Endpoint toEndpoint(ResultSet rs) throws SQLException {
    return new Endpoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4));
  }
}
