package io.jrack.discovery;

/** The two convox.yml snippets of the service-discovery page, verbatim. */
final class Seed {
  private Seed() {}

  static final String LINKS =
      """
      services:
        web:
          build: .
          port: 3000
          resources:
            - database
          links:
            - api
        api:
          build: .
          port: 3000
      """;

  static final String INTERNAL =
      """
      services:
        web:
          build: .
          port: 3000
          resources:
            - database
          links:
            - api
        api:
          build: .
          port: 3000
          internal: true
      """;

  static final String DATABASE = "resources:\n  database:\n    type: postgres\n";
}
