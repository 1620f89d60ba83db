/**
 * The data plane (Netty): public HTTP and HTTPS listeners that route by Host header to a service's
 * healthy processes, and one internal endpoint per service on loopback that only processes of
 * this machine can reach. HTTP/1.1 is relayed as bytes: heads are read in place and only the
 * hop-by-hop and forwarded fields are rewritten; bodies stream through as slices of the buffers they
 * arrived in (no aggregation, no re-encoding). Upstream connections are pooled per event loop and
 * reused with keep-alive. HTTP/2 clients (ALPN h2, h2c prior knowledge) go through Netty's HTTP/2 codec;
 * their streams become HTTP/1.1 requests on pooled connections; {@code https:} services are reached
 * over TLS. The HTTPS listener picks its certificate by the name the client asks for (SNI,
 * {@link io.jrack.router.SniCertificates}), the rack's own for any other.
 */
package io.jrack.router;
