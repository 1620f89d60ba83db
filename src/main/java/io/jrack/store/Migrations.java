package io.jrack.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema's history. A rack's state outlives the jrack that wrote it, so the schema only ever
 * moves forward by appending a step here; a shipped step is never edited (an old rack.db already
 * ran it). The version lives in {@code PRAGMA user_version}, which SQLite writes inside the same
 * transaction as the step, so a crash mid-migration leaves the previous version intact.
 */
final class Migrations {

  /** Step {@code i} takes the schema from version {@code i} to {@code i + 1}. */
  static final List<List<String>> STEPS = List.of(
      // 1: apps, builds, releases with their env, rack parameters.
      List.of(
          """
          CREATE TABLE apps (
            name    TEXT PRIMARY KEY NOT NULL,
            status  TEXT,
            release TEXT,
            created TEXT)""",
          // seq orders "newest first" exactly: AUTOINCREMENT never reuses a value, and an upsert
          // by id keeps the row, so updating an old build or release does not make it newest.
          """
          CREATE TABLE builds (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            id          TEXT NOT NULL UNIQUE,
            app         TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            status      TEXT,
            release     TEXT,
            description TEXT,
            manifest    TEXT,
            started     TEXT,
            ended       TEXT,
            logs        TEXT)""",
          "CREATE INDEX builds_by_app ON builds(app, seq)",
          """
          CREATE TABLE releases (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            id          TEXT NOT NULL UNIQUE,
            app         TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            build       TEXT,
            manifest    TEXT,
            created     TEXT,
            status      TEXT,
            description TEXT,
            has_env     INTEGER NOT NULL DEFAULT 1)""",
          "CREATE INDEX releases_by_app ON releases(app, seq)",
          // position keeps the env in the order it was given (the order `convox env` shows).
          """
          CREATE TABLE release_env (
            release_id TEXT NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            key        TEXT NOT NULL,
            value      TEXT,
            PRIMARY KEY (release_id, key))""",
          """
          CREATE TABLE params (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL)"""),
      // 2: internal endpoints, one stable host:port per app service, unique across the rack.
      List.of(
          """
          CREATE TABLE endpoints (
            app     TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            service TEXT NOT NULL,
            host    TEXT NOT NULL,
            port    INTEGER NOT NULL,
            PRIMARY KEY (app, service),
            UNIQUE (host, port))"""),
      // 3: resources (databases, caches): where each runs and its credentials, kept so that a
      // redeploy or a rack restart finds the same server, data and password.
      List.of(
          """
          CREATE TABLE resources (
            app      TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            name     TEXT NOT NULL,
            type     TEXT NOT NULL,
            host     TEXT NOT NULL,
            port     INTEGER NOT NULL,
            user     TEXT,
            password TEXT,
            database TEXT,
            PRIMARY KEY (app, name),
            UNIQUE (host, port))"""),
      // 4: the router's certificates (convox certs), with their private keys (rack.db is 0600), and
      // which app service port each is applied to (convox ssl update); an applied one cannot be deleted.
      List.of(
          """
          CREATE TABLE certificates (
            id         TEXT PRIMARY KEY NOT NULL,
            domains    TEXT NOT NULL,
            expiration TEXT NOT NULL,
            chain      TEXT NOT NULL,
            key        TEXT NOT NULL,
            created    TEXT NOT NULL)""",
          """
          CREATE TABLE certificate_uses (
            app         TEXT NOT NULL REFERENCES apps(name) ON DELETE CASCADE,
            service     TEXT NOT NULL,
            port        INTEGER NOT NULL,
            certificate TEXT NOT NULL REFERENCES certificates(id),
            PRIMARY KEY (app, service, port))"""));

  static final int LATEST = STEPS.size();

  private Migrations() {}

  static int version(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * Brings the schema to {@link #LATEST}, one transaction per step. Each step re-reads the version
   * under the write lock, so two processes opening the same rack at once migrate it only once.
   */
  static int migrate(Connection conn) throws SQLException {
    refuseNewer(version(conn));
    while (true) {
      try (Statement st = conn.createStatement()) {
        st.execute("BEGIN IMMEDIATE");
        boolean done = false;
        try {
          int version = version(conn);
          refuseNewer(version);
          if (version == LATEST) {
            st.execute("COMMIT");
            done = true;
            return version;
          }
          for (String sql : STEPS.get(version)) {
            st.execute(sql);
          }
          st.execute("PRAGMA user_version = " + (version + 1));
          st.execute("COMMIT");
          done = true;
        } finally {
          if (!done) {
            RackDb.rollbackQuietly(conn);
          }
        }
      }
    }
  }

  private static void refuseNewer(int version) {
    if (version > LATEST) {
      throw new StoreException(
          "rack.db is at schema version " + version + ", this jrack knows up to " + LATEST
              + ": upgrade jrack", false, null);
    }
  }
}
