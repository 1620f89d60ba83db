package io.jrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the row classes of each table share: statements bound from plain values and results mapped
 * row by row.
 *
 * <p>Instants are stored as ISO-8601 text ({@link Instant#toString}): it keeps every nanosecond,
 * and {@code sqlite3 rack.db} stays readable. Nothing sorts by them; order comes from {@code seq}.
 */
abstract class SqlRows {
  final Connection conn;

  SqlRows(Connection conn) {
    this.conn = conn;
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      bind(st, args);
      try (ResultSet rs = st.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    }
  }

  int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      bind(st, args);
      return st.executeUpdate();
    }
  }

  static void bind(PreparedStatement st, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        st.setNull(i + 1, Types.VARCHAR);
      } else if (args[i] instanceof Integer n) {
        st.setInt(i + 1, n);
      } else {
        st.setString(i + 1, (String) args[i]);
      }
    }
  }

  static <T> Optional<T> first(List<T> list) {
    return list.isEmpty() ? Optional.empty() : Optional.ofNullable(list.get(0));
  }
}
