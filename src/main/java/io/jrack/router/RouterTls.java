package io.jrack.router;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.File;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The TLS context of the HTTPS listener: the certificate chain, and ALPN offering HTTP/2 ({@code h2})
 * before HTTP/1.1, with the cipher suites HTTP/2 allows (RFC 7540 9.2: no suite on its block list).
 * The engine is BoringSSL (Netty's netty-tcnative) when its native library loads on this machine, else
 * the JDK's; {@code -Djrack.router.tls=jdk} asks for the JDK's (benchmarks measure both).
 */
public final class RouterTls {
  /** The engine of every context the router makes, its HTTPS listener's and its https backends'. */
  static final SslProvider ENGINE = engine(System.getProperty("jrack.router.tls", "boringssl"));

  private RouterTls() {}

  static SslProvider engine(String asked) {
    return !"jdk".equals(asked) && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  public static SslContext server(PrivateKey key, X509Certificate... chain) throws SSLException {
    return alpn(SslContextBuilder.forServer(key, chain).ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)).build();
  }

  /**
   * The same from PEM files, limited to {@code protocol} and {@code ciphers}: for benchmarks that hold
   * every server to one protocol version and cipher suite.
   */
  public static SslContext server(File chainPem, File keyPem, String protocol, List<String> ciphers) throws SSLException {
    return alpn(SslContextBuilder.forServer(chainPem, keyPem).protocols(protocol).ciphers(ciphers)).build();
  }

  private static SslContextBuilder alpn(SslContextBuilder b) {
    return b.sslProvider(ENGINE).applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
  }
}
