package io.jrack.router;

/**
 * What the HTTP/2 streams of one client connection share: where requests go, the listener's scheme
 * and port (for {@code X-Forwarded-*}), the client's address, limits, and the pools of the
 * connection's event loop (streams run on their connection's loop, so the pools need no locks).
 */
record H2Context(ProxyHandler.Resolver resolver, String scheme, int listenerPort, String client, RouterLimits limits, InFlight inFlight,
    Http1ClientPool http1, H2ClientPool h2, UnexpectedErrors errors) {}
