package io.jrack.runtime.process;

import io.jrack.manifest.Service;

/**
 * How a process is asked whether it is healthy, from the scheme of the service's port: what the
 * process speaks there decides what a health check can say to it.
 */
public enum HealthProtocol {
  /** {@code GET path} in clear: healthy on a 2xx or 3xx answer. */
  HTTP,
  /** The same GET over TLS, the certificate not verified (as the router does with {@code https:} backends). */
  HTTPS,
  /** gRPC's health protocol ({@code grpc.health.v1.Health/Check} over h2c): healthy when SERVING. */
  GRPC_HEALTH,
  /** A TCP connection accepted: a {@code grpc:} port without {@code grpcHealthEnabled}, which answers no HTTP GET. */
  TCP;

  /** What {@code service}'s port calls for (HTTP for a service without a port: it is never checked). */
  public static HealthProtocol of(Service service) {
    String scheme = service.hasPort() ? service.port().scheme() : null;
    return of(scheme, "true".equals(String.valueOf(service.extensions().get("grpcHealthEnabled"))));
  }

  /** {@code scheme} as a port writes it (null for a bare number). */
  public static HealthProtocol of(String scheme, boolean grpcHealthEnabled) {
    if (scheme == null) {
      return HTTP;
    }
    return switch (scheme) {
      case "https" -> HTTPS;
      case "grpc" -> grpcHealthEnabled ? GRPC_HEALTH : TCP;
      default -> HTTP;
    };
  }
}
