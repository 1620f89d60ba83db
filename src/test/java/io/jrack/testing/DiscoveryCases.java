package io.jrack.testing;

import java.util.List;
import java.util.Map;

/**
 * The discovery cases both runtimes must pass, one table: each case deploys its apps (in order)
 * on a rack with the given parameters and states what services see. A runtime's test says how it
 * reads a service's environment and what a link to a service looks like there.
 *
 * <p>A resource case uses redis: the quickest server to start on a machine, the same objects as
 * any other type on a cluster.
 */
public final class DiscoveryCases {
  private DiscoveryCases() {}

  /** An app of a case: its name, convox.yml and app environment. */
  public record AppSpec(String name, String manifest, Map<String, String> env) {}

  /** What one service of one app sees. */
  public sealed interface Expect permits LinkTo, ResourceAt, Value, Absent, Resolves {
    String app();

    String service();

    String variable();
  }

  /** {@code variable} leads to {@code target} of {@code targetApp}, which listens on {@code port}. */
  public record LinkTo(String app, String service, String variable, String targetApp, String target, int port) implements Expect {}

  /** {@code variable} is the URL of {@code resource} (of {@code type}), a server the rack runs for the app. */
  public record ResourceAt(String app, String service, String variable, String resource, String type) implements Expect {}

  /** {@code variable} is exactly {@code value}. */
  public record Value(String app, String service, String variable, String value) implements Expect {}

  /** {@code variable} is not set at all. */
  public record Absent(String app, String service, String variable) implements Expect {}

  /**
   * From a process of {@code service} of {@code app}, the DNS name {@code name} leads to {@code target}
   * of {@code targetApp}, which listens on {@code port}. Runtimes whose processes have the rack's DNS
   * (containers, Kubernetes) check it; {@code variable} is always null.
   */
  public record Resolves(String app, String service, String name, String targetApp, String target, int port) implements Expect {
    @Override
    public String variable() {
      return null;
    }
  }

  /** The rack of every case. */
  public static final String RACK = "dev";

  /**
   * The names a service of {@code app} finds {@code target} of {@code targetApp} by: the short one
   * within its own app, {@code <service>.<app>} and {@code <service>.<app>.<rack>.local} always.
   */
  public static List<String> names(String rack, String app, String targetApp, String target) {
    List<String> out = new java.util.ArrayList<>();
    if (app.equals(targetApp)) {
      out.add(target);
    }
    out.add(target + "." + targetApp);
    out.add(target + "." + targetApp + "." + rack + ".local");
    return out;
  }

  private static List<Expect> resolves(String app, String service, String targetApp, String target, int port) {
    return names(RACK, app, targetApp, target).stream().<Expect>map(n -> new Resolves(app, service, n, targetApp, target, port)).toList();
  }

  private static List<Expect> with(List<Expect> a, List<Expect> b) {
    List<Expect> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  /**
   * One case. {@code refusal}, when not null, is what the promote of the last app must be refused
   * with, before the runtime is asked to run anything.
   */
  public record Case(String name, Map<String, String> params, List<AppSpec> apps, List<Expect> expects, String refusal) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String service(String name, int port, String extra) {
    return "  %s:\n    build: .\n    port: %d\n    command: java Env.java\n%s".formatted(name, port, extra);
  }

  public static List<Case> all() {
    return List.of(
        new Case("a link within an app", Map.of(),
            List.of(new AppSpec("shop", "services:\n" + service("web", 3000, "    links:\n      - api\n") + service("api", 3001, ""), Map.of())),
            with(List.of(new LinkTo("shop", "web", "API_URL", "shop", "api", 3001), new Absent("shop", "api", "WEB_URL"), new Absent("shop", "api", "API_URL")),
                resolves("shop", "web", "shop", "api", 3001)),
            null),
        new Case("a link to an internal service", Map.of("Internal", "Yes"),
            List.of(new AppSpec("intl", "services:\n" + service("web", 3000, "    links:\n      - api\n") + service("api", 3000, "    internal: true\n"), Map.of())),
            List.of(new LinkTo("intl", "web", "API_URL", "intl", "api", 3000)),
            null),
        new Case("a link to another app's service", Map.of(),
            List.of(new AppSpec("billing", "services:\n" + service("api", 4000, ""), Map.of()),
                new AppSpec("store", "services:\n" + service("web", 3000, "    links:\n      - billing/api\n"), Map.of())),
            with(List.of(new LinkTo("store", "web", "BILLING_API_URL", "billing", "api", 4000)), resolves("store", "web", "billing", "api", 4000)),
            null),
        new Case("the app's own URL overrides a link", Map.of(),
            List.of(new AppSpec("ovr", "environment:\n  - API_URL\nservices:\n" + service("web", 3000, "    links:\n      - api\n") + service("api", 3000, ""),
                Map.of("API_URL", "http://api.example.test:9"))),
            List.of(new Value("ovr", "web", "API_URL", "http://api.example.test:9")),
            null),
        new Case("a resource the rack runs", Map.of(),
            List.of(new AppSpec("kv", "resources:\n  cache:\n    type: redis\nservices:\n" + service("web", 3000, "    resources:\n      - cache\n"), Map.of())),
            List.of(new ResourceAt("kv", "web", "CACHE_URL", "cache", "redis")),
            null),
        new Case("the app's own URL stands in for a resource", Map.of(),
            List.of(new AppSpec("res", "resources:\n  db:\n    type: postgres\nservices:\n" + service("web", 3000, "    resources:\n      - db\n"),
                Map.of("DB_URL", "postgres://u:p@db.example.test:5432/app"))),
            List.of(new Value("res", "web", "DB_URL", "postgres://u:p@db.example.test:5432/app"), new Value("res", "web", "DB_HOST", "db.example.test"),
                new Value("res", "web", "DB_PORT", "5432"), new Value("res", "web", "DB_USER", "u"), new Value("res", "web", "DB_PASS", "p"),
                new Value("res", "web", "DB_NAME", "app")),
            null),
        new Case("an internal service needs Internal=Yes", Map.of("Internal", "No"),
            List.of(new AppSpec("secret", "services:\n" + service("api", 3000, "    internal: true\n"), Map.of())),
            List.of(),
            "rack does not support internal services"));
  }
}
