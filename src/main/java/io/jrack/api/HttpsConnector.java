package io.jrack.api;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.UUID;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API's HTTPS listener: Jetty wants the key in a key store, so the API's key and chain go into an
 * in-memory one under a random password that never leaves this method.
 */
final class HttpsConnector {
  private HttpsConnector() {}

  static Connector create(Server server, HttpConfiguration http, String host, int port, ApiServer.Tls tls) {
    try {
      char[] secret = UUID.randomUUID().toString().toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("api", tls.key(), secret, tls.chain());
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(store);
      ssl.setKeyStorePassword(new String(secret));
      http.addCustomizer(new SecureRequestCustomizer(false));
      ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
      c.setHost(host);
      c.setPort(port);
      return c;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not set up the API's TLS: " + e.getMessage(), e);
    }
  }
}
