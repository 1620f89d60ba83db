package io.jrack.store;

import io.jrack.store.Store.AssignedResource;
import io.jrack.store.Store.Endpoint;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The rule that one host:port is the address of one thing: a service's endpoint or a resource's
 * server, never two of them. Checked inside the write that assigns the address, so two racks on the
 * same file cannot both take it.
 */
final class AddressClaims {
  private final Rows rows;

  AddressClaims(Rows rows) {
    this.rows = rows;
  }

  /** Throws a conflict if another service's endpoint or any resource holds {@code e}'s address. */
  void checkFree(Endpoint e) throws SQLException {
    String at = "endpoint " + hostPort(e.host(), e.port());
    refuse(rows.endpointAt(e.host(), e.port())
        .filter(holder -> !holder.app().equals(e.app()) || !holder.service().equals(e.service()))
        .map(holder -> at + " is already assigned to " + holder.app() + "/" + holder.service()));
    refuse(rows.resourceAt(e.host(), e.port()).map(holder -> at + " is already the address of resource " + holder.app() + "/" + holder.name()));
  }

  /** Throws a conflict if another resource or any service's endpoint holds {@code r}'s address. */
  void checkFree(AssignedResource r) throws SQLException {
    String at = "resource address " + hostPort(r.host(), r.port());
    refuse(rows.resourceAt(r.host(), r.port())
        .filter(holder -> !holder.app().equals(r.app()) || !holder.name().equals(r.name()))
        .map(holder -> at + " is already assigned to " + holder.app() + "/" + holder.name()));
    refuse(rows.endpointAt(r.host(), r.port()).map(holder -> at + " is already the endpoint of " + holder.app() + "/" + holder.service()));
  }

  private static void refuse(Optional<String> conflict) {
    conflict.ifPresent(message -> {
      throw new StoreException(message, true, null);
    });
  }

  static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
