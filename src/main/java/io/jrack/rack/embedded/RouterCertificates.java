package io.jrack.rack.embedded;

import io.jrack.rack.CertificateInfo;
import io.jrack.rack.ProviderException;
import io.jrack.rack.ServiceInfo;
import io.jrack.store.Store;
import io.jrack.store.StoreException;
import io.jrack.tls.CertificateAuthority;
import io.jrack.tls.KeyedCertificate;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The router's certificates ({@code convox certs}): imported or made by the rack's CA, kept in the
 * store with their keys, and handed to the router, which serves each for the names it is for, after
 * every change. Keys never leave here except to the router.
 */
final class RouterCertificates {
  /** A DNS name, or a wildcard one ({@code *.example.com}); lowercase. */
  private static final Pattern DOMAIN = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final int MAX_DOMAINS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final Clock clock;
  private final Function<String, List<ServiceInfo>> services;
  private final int httpsPort;
  private volatile CertificateAuthority ca;
  /** Null until {@link #serve}: a rack whose router is not ours (a cluster's ingress) keeps no certificates. */
  private volatile Consumer<List<KeyedCertificate>> router;

  RouterCertificates(Store store, Clock clock, int httpsPort, Function<String, List<ServiceInfo>> services) {
    this.store = store;
    this.httpsPort = httpsPort;
    this.clock = clock;
    this.services = services;
  }

  /** From now on {@code ca} makes generated certificates and {@code router} is given every certificate, now and after each change. */
  void serve(CertificateAuthority ca, Consumer<List<KeyedCertificate>> router) {
    this.ca = ca;
    this.router = router;
    publish();
  }

  List<CertificateInfo> list() {
    return store.certificates().stream().map(RouterCertificates::info).toList();
  }

  CertificateInfo create(String pub, String key, String chain) {
    requireRouter("certs import");
    KeyedCertificate c;
    try {
      c = KeyedCertificate.parse(pub, key, chain, clock.instant());
    } catch (IllegalArgumentException e) {
      throw ProviderException.badRequest(e.getMessage());
    }
    return keep(c);
  }

  CertificateInfo generate(List<String> domains) {
    requireRouter("certs generate");
    if (domains.isEmpty() || domains.size() > MAX_DOMAINS) {
      throw ProviderException.badRequest("domains: %d names (expected: 1 to %d, comma-separated)".formatted(domains.size(), MAX_DOMAINS));
    }
    for (String d : domains) {
      if (d.length() > 253 || !DOMAIN.matcher(d).matches()) {
        throw ProviderException.badRequest("domain: \"%s\" (expected: a lowercase DNS name like web.example.com, or *.example.com)".formatted(d));
      }
    }
    CertificateAuthority authority = ca;
    if (authority == null) {
      throw ProviderException.badRequest("certs generate: this rack has no certificate authority for apps");
    }
    try {
      return keep(authority.sign(domains));
    } catch (IllegalArgumentException e) {
      throw ProviderException.badRequest(e.getMessage());
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.UNAVAILABLE, e.getMessage());
    }
  }

  void delete(String id) {
    if (store.certificate(id).isEmpty()) {
      throw ProviderException.notFound("no such certificate: " + id);
    }
    try {
      store.deleteCertificate(id);
    } catch (StoreException e) {
      if (e.conflict()) {
        throw ProviderException.conflict(e.getMessage() + ": apply another certificate there first (convox ssl update)");
      }
      throw e;
    }
    publish();
  }

  /**
   * Applies certificate {@code id} to the HTTPS port of a public service: {@code port} is the router's
   * HTTPS port as {@code convox services} shows it, or 443 (Convox's, which users type) for it.
   */
  void apply(String app, String service, int port, String id) {
    ServiceInfo s = services.apply(app).stream().filter(x -> x.name().equals(service)).findFirst()
        .orElseThrow(() -> ProviderException.notFound("no such service: " + service + " (app " + app + ")"));
    boolean routed = s.ports() != null && s.ports().stream().anyMatch(p -> p.balancer() == httpsPort);
    if (!routed) {
      throw ProviderException.badRequest("ssl update %s:%d: %s has no HTTPS port (expected: a public service, one with port: in convox.yml)"
          .formatted(service, port, service));
    }
    if (port != httpsPort && port != 443) {
      throw ProviderException.badRequest("port: %d (expected: %d, the router's HTTPS port, or 443 for it: the other ports do not speak TLS)"
          .formatted(port, httpsPort));
    }
    if (store.certificate(id).isEmpty()) {
      throw ProviderException.notFound("no such certificate: " + id);
    }
    store.putCertificateUse(new Store.CertificateUse(app, service, httpsPort, id));
  }

  /** {@code service:port} to certificate id, for the app's ports that have one applied. */
  Map<String, String> applied(String app) {
    Map<String, String> out = new LinkedHashMap<>();
    store.certificateUses().stream().filter(u -> u.app().equals(app)).forEach(u -> out.put(u.service() + ":" + u.port(), u.certificate()));
    return out;
  }

  private CertificateInfo keep(KeyedCertificate c) {
    String id = "cert-" + HexFormat.of().formatHex(bytes(6));
    Store.StoredCertificate stored = new Store.StoredCertificate(id, c.domains(), c.expiration(), c.chainPem(), c.keyPem(), clock.instant());
    store.putCertificate(stored);
    publish();
    return info(stored);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private void requireRouter(String what) {
    if (router == null) {
      throw ProviderException.badRequest(what + ": this rack's HTTPS is not served by its own router (a cluster's ingress has its own certificates)");
    }
  }

  private synchronized void publish() {
    if (router == null) {
      return;
    }
    router.accept(store.certificates().stream().map(c -> KeyedCertificate.read(c.chainPem(), c.keyPem())).toList());
  }

  private static CertificateInfo info(Store.StoredCertificate c) {
    return new CertificateInfo(c.id(), c.domains().isEmpty() ? "" : c.domains().get(0), c.domains(), c.expiration());
  }
}
