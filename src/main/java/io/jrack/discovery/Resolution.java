package io.jrack.discovery;

import java.util.List;
import java.util.SortedMap;

/**
 * A service's computed environment, sorted by name, and the problems that stop it from being
 * complete (a required variable without value, a link with no endpoint). Empty problems means the
 * service can start.
 */
public record Resolution(SortedMap<String, String> env, List<String> problems) {

  public boolean complete() {
    return problems.isEmpty();
  }
}
