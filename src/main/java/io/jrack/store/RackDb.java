package io.jrack.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Getting a connection to {@code rack.db} that is private, durable and at the latest schema, and
 * the few JDBC helpers the store needs around it.
 */
final class RackDb {

  static final String FILE = "rack.db";

  private RackDb() {}

  /**
   * The file is created before SQLite sees it because SQLite would create it with the process
   * umask (often world-readable) and gives its -wal and -shm files the database file's mode:
   * release env holds secrets, so all three must be owner-only from their first byte.
   */
  static Connection open(Path dir, int busyTimeoutMs) {
    Path abs = dir.toAbsolutePath();
    Path db = abs.resolve(FILE);
    try {
      createPrivate(abs, db);
    } catch (IOException e) {
      throw new StoreException("cannot create " + db + ": " + e.getMessage(), false, e);
    }
    Connection conn;
    try {
      conn = connect(db, busyTimeoutMs);
    } catch (SQLException e) {
      throw failure(db, "open " + db, e);
    }
    try {
      Migrations.migrate(conn);
      return conn;
    } catch (SQLException e) {
      closeQuietly(conn);
      throw failure(db, "migrate " + db, e);
    } catch (RuntimeException | Error e) {
      closeQuietly(conn);
      throw e;
    }
  }

  private static void createPrivate(Path dir, Path db) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (!posix) {
        Files.createDirectories(dir);
      } else {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // createDirectories applies the umask; say the mode outright for the one we own.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
    if (posix) {
      try {
        Files.createFile(db,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
      } catch (FileAlreadyExistsException existing) {
        // An existing rack keeps the mode its owner gave it.
      }
    }
  }

  /**
   * WAL with {@code synchronous=FULL} makes a write durable once its method returns, even across
   * a power cut, while readers never block the writer. Foreign keys are off by default in SQLite;
   * deleting an app relies on them to take its builds, releases and endpoints along.
   */
  private static Connection connect(Path db, int busyTimeoutMs) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(busyTimeoutMs);
    config.enforceForeignKeys(true);
    Connection conn = config.createConnection("jdbc:sqlite:" + db);
    try {
      String mode = pragma(conn, "journal_mode");
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new StoreException(db + ": the filesystem does not support SQLite's write-ahead log"
            + " (journal mode is " + mode + "); put the rack on a local disk", false, null);
      }
      return conn;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(conn);
      throw e;
    }
  }

  /** Names what failed and SQLite's one-line reason, never the SQL; a full disk says so and where. */
  static StoreException failure(Path db, String what, SQLException e) {
    if (e instanceof SQLiteException s && s.getResultCode() != null && (s.getResultCode() == SQLiteErrorCode.SQLITE_FULL
        // Growing the WAL's shared memory on a full disk is an I/O error to SQLite (SQLITE_IOERR_SHMSIZE).
        || s.getResultCode().name().startsWith("SQLITE_IOERR") && new DiskSpace(db.getParent(), DiskSpace.RESERVE_BYTES).low())) {
      return StoreException.diskFull(db, what, e);
    }
    String reason = e instanceof SQLiteException s && s.getResultCode() != null
        ? s.getResultCode().message
        : "database error";
    return new StoreException("rack.db: could not " + what + ": " + reason, false, e);
  }

  static void exec(Connection conn, String sql) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute(sql);
    }
  }

  static String pragma(Connection conn, String name) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("PRAGMA " + name);
        ResultSet rs = st.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static void rollbackQuietly(Connection conn) {
    try {
      exec(conn, "ROLLBACK");
    } catch (SQLException ignored) {
      // No transaction left to roll back.
    }
  }

  static void closeQuietly(Connection conn) {
    try {
      conn.close();
    } catch (SQLException ignored) {
      // Closing after a failure: the first error is the one to report.
    }
  }
}
