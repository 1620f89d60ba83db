package io.jrack.discovery;

import java.util.Optional;

/** The URL scheme and usual port of each resource type. */
public enum ResourceKind {
  POSTGRES("postgres", "postgres", 5432),
  MYSQL("mysql", "mysql", 3306),
  MARIADB("mariadb", "mysql", 3306),
  REDIS("redis", "redis", 6379),
  MEMCACHED("memcached", "memcached", 11211);

  private final String type;
  private final String scheme;
  private final int defaultPort;

  ResourceKind(String type, String scheme, int defaultPort) {
    this.type = type;
    this.scheme = scheme;
    this.defaultPort = defaultPort;
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
