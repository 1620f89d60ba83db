package io.jrack.router;

import io.netty.handler.ssl.SslContext;

/**
 * Where the router listens: public HTTP and HTTPS ports on {@code bindHost} (0 picks a free port,
 * -1 disables a listener), the TLS context for HTTPS, limits, and event loop threads.
 */
public record RouterConfig(String bindHost, int httpPort, int httpsPort, SslContext tls, RouterLimits limits, int threads) {

  public static RouterConfig of(String bindHost, int httpPort, int httpsPort, SslContext tls) {
    return new RouterConfig(bindHost, httpPort, httpsPort, tls, RouterLimits.DEFAULT, Runtime.getRuntime().availableProcessors());
  }
}
