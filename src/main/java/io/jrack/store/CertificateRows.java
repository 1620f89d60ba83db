package io.jrack.store;

import io.jrack.store.Store.CertificateUse;
import io.jrack.store.Store.StoredCertificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code certificates} and {@code certificate_uses} tables; callers hold the store's lock and transaction. */
final class CertificateRows {
  private static final String COLUMNS = "SELECT id, domains, expiration, chain, key, created FROM certificates";
  private final Connection conn;

  CertificateRows(Connection conn) {
    this.conn = conn;
  }

  void put(StoredCertificate c) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("INSERT OR REPLACE INTO certificates (id, domains, expiration, chain, key, created)"
        + " VALUES (?, ?, ?, ?, ?, ?)")) {
      st.setString(1, c.id());
      // One name a line: a DNS name holds no newline.
      st.setString(2, String.join("\n", c.domains()));
      st.setString(3, c.expiration().toString());
      st.setString(4, c.chainPem());
      st.setString(5, c.keyPem());
      st.setString(6, c.created().toString());
      st.executeUpdate();
    }
  }

  Optional<StoredCertificate> one(String id) throws SQLException {
    List<StoredCertificate> found = query(COLUMNS + " WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  List<StoredCertificate> all() throws SQLException {
    return query(COLUMNS + " ORDER BY created, id");
  }

  void delete(String id) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("DELETE FROM certificates WHERE id = ?")) {
      st.setString(1, id);
      st.executeUpdate();
    }
  }

  void putUse(CertificateUse u) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("INSERT OR REPLACE INTO certificate_uses (app, service, port, certificate) VALUES (?, ?, ?, ?)")) {
      st.setString(1, u.app());
      st.setString(2, u.service());
      st.setInt(3, u.port());
      st.setString(4, u.certificate());
      st.executeUpdate();
    }
  }

  List<CertificateUse> uses() throws SQLException {
    List<CertificateUse> out = new ArrayList<>();
    try (PreparedStatement st = conn.prepareStatement("SELECT app, service, port, certificate FROM certificate_uses ORDER BY app, service, port");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.add(new CertificateUse(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
      }
    }
    return out;
  }

  private List<StoredCertificate> query(String sql, String... args) throws SQLException {
    List<StoredCertificate> out = new ArrayList<>();
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setString(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new StoredCertificate(rs.getString(1), Arrays.asList(rs.getString(2).split("\n")), Instant.parse(rs.getString(3)),
              rs.getString(4), rs.getString(5), Instant.parse(rs.getString(6))));
        }
      }
    }
    return out;
  }
}
