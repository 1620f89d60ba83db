package io.jrack.store;

import io.jrack.rack.Release;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of the {@code releases} table and of {@code release_env}, which keeps each release's env
 * in order, one row a variable; callers hold the store's lock and transaction.
 */
final class ReleaseRows extends SqlRows {
  private static final String RELEASE_COLUMNS =
      "id, app, build, manifest, created, status, description, has_env";

  ReleaseRows(Connection conn) {
    super(conn);
  }

  void put(Release r) throws SQLException {
    update("INSERT INTO releases (" + RELEASE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET build = excluded.build,"
            + " manifest = excluded.manifest, created = excluded.created,"
            + " status = excluded.status, description = excluded.description,"
            + " has_env = excluded.has_env",
        r.id(), r.app(), r.build(), r.manifest(), text(r.created()), r.status(),
        r.description(), r.env() == null ? 0 : 1);
    update("DELETE FROM release_env WHERE release_id = ?", r.id());
    if (r.env() == null || r.env().isEmpty()) {
      return;
    }
    try (PreparedStatement st = conn.prepareStatement(
        "INSERT INTO release_env (release_id, position, key, value) VALUES (?, ?, ?, ?)")) {
      int position = 0;
      for (Map.Entry<String, String> e : r.env().entrySet()) {
        bind(st, r.id(), position++, e.getKey(), e.getValue());
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  Optional<Release> one(String app, String id) throws SQLException {
    return first(withEnv(query(
        "SELECT " + RELEASE_COLUMNS + " FROM releases WHERE app = ? AND id = ?",
        ReleaseRows::toRelease, app, id)));
  }

  /** The app's releases, newest first; {@code limit} below zero means all. */
  List<Release> newestFirst(String app, int limit) throws SQLException {
    return withEnv(query("SELECT " + RELEASE_COLUMNS + " FROM releases WHERE app = ?"
        + " ORDER BY seq DESC LIMIT ?", ReleaseRows::toRelease, app, limit));
  }

  /**
   * Fills in env with one query for all the releases rather than one per release: by id for a
   * single release, else every env row of their app (a list holds one app's releases).
   */
  private List<Release> withEnv(List<Release> bare) throws SQLException {
    if (bare.stream().allMatch(r -> r.env() == null)) {
      return bare;
    }
    Map<String, Map<String, String>> envs = new HashMap<>();
    String sql = bare.size() == 1
        ? "SELECT release_id, key, value FROM release_env WHERE release_id = ? ORDER BY position"
        : "SELECT e.release_id, e.key, e.value FROM release_env e"
            + " JOIN releases r ON r.id = e.release_id WHERE r.app = ?"
            + " ORDER BY e.release_id, e.position";
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      bind(st, bare.size() == 1 ? bare.get(0).id() : bare.get(0).app());
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          envs.computeIfAbsent(rs.getString(1), id -> new LinkedHashMap<>())
              .put(rs.getString(2), rs.getString(3));
        }
      }
    }
    List<Release> full = new ArrayList<>(bare.size());
    for (Release r : bare) {
      Map<String, String> env = r.env() == null ? null
          : Collections.unmodifiableMap(envs.getOrDefault(r.id(), new LinkedHashMap<>()));
      full.add(new Release(r.id(), r.app(), r.build(), env, r.manifest(), r.created(),
          r.status(), r.description()));
    }
    return full;
  }

  /** Env is an empty placeholder (or null, if stored null) until {@link #withEnv} fills it. */
  private static Release toRelease(ResultSet rs) throws SQLException {
    Map<String, String> env = rs.getInt(8) == 0 ? null : Map.of();
    return new Release(rs.getString(1), rs.getString(2), rs.getString(3), env, rs.getString(4),
        instant(rs.getString(5)), rs.getString(6), rs.getString(7));
  }
}
