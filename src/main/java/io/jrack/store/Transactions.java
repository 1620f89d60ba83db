package io.jrack.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one connection to {@code rack.db} and the transactions on it: every store call runs as one
 * transaction, or, inside one already open on this thread, as a savepoint of it.
 *
 * <p>One connection serves every thread, guarded by a lock: the rack's writes are small and few,
 * and a single connection makes "read then write" inside {@link Store#transaction} trivially
 * serializable within the process. Across processes (the CLI and a running rack on the same
 * directory) every write takes SQLite's write lock up front ({@code BEGIN IMMEDIATE}), so a
 * read-modify-write never fails halfway with a lock upgrade error; it waits for the busy timeout
 * instead.
 */
final class Transactions {
  /** A store call's SQL; it may throw, and then its writes are undone. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Path file;
  private Connection conn; // null once closed; guarded by lock
  private int depth; // transactions open on this thread, counting the outermost; guarded by lock

  Transactions(Path file, Connection conn) {
    this.file = file;
    this.conn = conn;
  }

  <T> T read(String what, Work<T> work) {
    return run(what, "BEGIN", work);
  }

  <T> T write(String what, Work<T> work) {
    return run(what, "BEGIN IMMEDIATE", work);
  }

  /** The connection, for reads that are not rows of a table (schema version, pragmas); callers are inside {@link #read}. */
  Connection connection() {
    return conn;
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

  void close() {
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
}
