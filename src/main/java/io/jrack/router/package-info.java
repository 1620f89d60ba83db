/**
 * The data plane (Netty): public HTTP and HTTPS listeners that route by Host header to a service's
 * healthy processes, and one internal endpoint per service on loopback that only processes of
 * this machine can reach. Requests stream through (no body aggregation); upstream connections are
 * pooled per event loop and reused with keep-alive.
 */
package io.jrack.router;
