package io.jrack.server;

import io.jrack.router.RouterTls;
import io.jrack.tls.KeyedCertificate;
import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rack's certificates as the router's TLS contexts, by each name they serve; later certificates win a name. */
final class RouterContexts {
  private static final Logger LOG = LoggerFactory.getLogger(RouterContexts.class);

  private RouterContexts() {}

  static Map<String, SslContext> of(List<KeyedCertificate> certificates) {
    Map<String, SslContext> out = new LinkedHashMap<>();
    for (KeyedCertificate c : certificates) {
      try {
        SslContext context = RouterTls.server(c.key(), c.chain().toArray(X509Certificate[]::new));
        c.domains().forEach(d -> out.put(d, context));
      } catch (SSLException | RuntimeException e) {
        // One unusable certificate must not take the others down; its names keep the rack's own.
        LOG.warn("the router cannot serve the certificate for {}: {}", c.domains(), e.getMessage());
      }
    }
    return out;
  }
}
