package io.jrack.store;

import io.jrack.store.Store.AssignedResource;
import io.jrack.store.Store.Endpoint;
import java.sql.SQLException;

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
  }

  /** Throws a conflict if another resource or any service's endpoint holds {@code r}'s address. */
  void checkFree(AssignedResource r) throws SQLException {
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
  }

  static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
