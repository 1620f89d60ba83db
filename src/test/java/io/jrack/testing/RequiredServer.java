package io.jrack.testing;

import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need a database or cache server on this machine (PostgreSQL, Redis, MariaDB,
 * memcached), or a browser (Chromium). Without it a test skips and says why; under CI ({@code CI=true}, which CI systems
 * and {@code .ci/run} set) it fails instead, so a green CI means every such test ran.
 */
public final class RequiredServer {
  private RequiredServer() {}

  /** Returns when {@code present}; else skips the test with {@code reason}, or fails it under CI. */
  public static void assume(boolean present, String reason) {
    assume(present, reason, System.getenv());
  }

  static void assume(boolean present, String reason, Map<String, String> env) {
    if (present) {
      return;
    }
    if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
      Assertions.fail(reason + " (CI=true: a test that needs this server fails instead of skipping; bin/test-servers installs it)");
    }
    Assumptions.abort(reason);
  }
}
