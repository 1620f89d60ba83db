package io.jrack.discovery;

import java.util.Optional;

/** The URL scheme, usual port and credentials shape of each resource type the rack runs a server for. */
public enum ResourceKind {
  POSTGRES("postgres", "postgres", 5432, "app", "app", true),
  MYSQL("mysql", "mysql", 3306, "app", "app", true),
  MARIADB("mariadb", "mysql", 3306, "app", "app", true),
  // "default" is the user Redis 6+ gives the requirepass password to; the path is the db index.
  REDIS("redis", "redis", 6379, "default", "0", true),
  // memcached has no authentication to configure: loopback is its only protection.
  MEMCACHED("memcached", "memcached", 11211, null, null, false);

  private final String type;
  private final String scheme;
  private final int defaultPort;
  private final String user;
  private final String database;
  private final boolean hasPassword;

  ResourceKind(String type, String scheme, int defaultPort, String user, String database, boolean hasPassword) {
    this.type = type;
    this.scheme = scheme;
    this.defaultPort = defaultPort;
    this.user = user;
    this.database = database;
    this.hasPassword = hasPassword;
  }

  /** The endpoint of a resource of this kind at {@code host:port}; {@code password} is dropped where the server has none. */
  public ResourceEndpoint at(String host, int port, String password) {
    return new ResourceEndpoint(scheme, host, port, user, hasPassword ? password : null, database);
  }

  public boolean hasPassword() {
    return hasPassword;
  }

  public static Optional<ResourceKind> of(String type) {
    for (ResourceKind k : values()) {
      if (k.type.equals(type)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  public String type() {
    return type;
  }

  public String scheme() {
    return scheme;
  }

  public int defaultPort() {
    return defaultPort;
  }
}
