package io.jrack.router;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;

/**
 * TLS to {@code https:} backends. The certificate is not verified, as Convox does for its
 * backends: a service's certificate is usually self-signed, and the connection never leaves the
 * machine (or the cluster), so TLS here is what the service asks for, not what protects it.
 */
final class BackendTls {
  private static final SslContext CONTEXT = build();

  private BackendTls() {}

  private static SslContext build() {
    try {
      return SslContextBuilder.forClient().sslProvider(RouterTls.ENGINE).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot make the TLS context for https backends: " + e.getMessage(), e);
    }
  }

  /** Puts a client TLS handler first in {@code ch}'s pipeline: what follows reads and writes plain bytes. */
  static void addTo(Channel ch, InetSocketAddress backend) {
    ch.pipeline().addFirst("tls", CONTEXT.newHandler(ch.alloc(), backend.getHostString(), backend.getPort()));
  }
}
