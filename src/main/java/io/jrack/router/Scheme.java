package io.jrack.router;

/** The protocol a service's processes speak on their port, as its manifest says ({@code port: https:3443}). */
enum Scheme {
  /** HTTP/1.1 in clear. */
  HTTP,
  /** HTTP/1.1 over TLS: the router connects with TLS and does not verify the certificate (see {@link BackendTls}). */
  HTTPS,
  /** gRPC: HTTP/2 in clear (h2c, prior knowledge), end to end. */
  GRPC;

  /** {@code http} when null (a port written as a bare number). */
  static Scheme of(String scheme) {
    if (scheme == null) {
      return HTTP;
    }
    return switch (scheme) {
      case "http" -> HTTP;
      case "https" -> HTTPS;
      case "grpc" -> GRPC;
      default -> throw new IllegalArgumentException("scheme \"" + scheme + "\" (expected: one of http, https, grpc)");
    };
  }
}
