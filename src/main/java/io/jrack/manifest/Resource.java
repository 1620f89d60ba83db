package io.jrack.manifest;

import java.util.Map;
import java.util.Set;

/** A top-level resource: a database or cache the rack provides to the services that list it. */
public record Resource(String name, String type, Map<String, String> options, Position position) {
  /** Types a rack can provision; {@code efs} is a shared volume rather than a server. */
  public static final Set<String> TYPES = Set.of("postgres", "mysql", "mariadb", "redis", "memcached", "efs");
}
