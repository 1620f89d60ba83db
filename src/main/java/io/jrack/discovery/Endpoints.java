package io.jrack.discovery;

import java.util.Optional;

/**
 * The addresses a runtime assigned: an internal endpoint per service with a port, and a running
 * server per resource. Implemented by each runtime; discovery only reads it.
 */
public interface Endpoints {

  Optional<Endpoint> service(String app, String service);

  Optional<ResourceEndpoint> resource(String app, String resource);

  /** No endpoints at all: every link and resource is unresolved. */
  Endpoints NONE =
      new Endpoints() {
        @Override
        public Optional<Endpoint> service(String app, String service) {
          return Optional.empty();
        }

        @Override
        public Optional<ResourceEndpoint> resource(String app, String resource) {
          return Optional.empty();
        }
      };
}
