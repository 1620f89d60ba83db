package io.jrack.router;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.File;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The TLS context of the HTTPS listener: the certificate chain, and ALPN offering HTTP/2 ({@code h2})
 * before HTTP/1.1, with the cipher suites HTTP/2 allows (RFC 7540 9.2: no suite on its block list).
 */
public final class RouterTls {
  private RouterTls() {}

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
    return b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
  }
}
