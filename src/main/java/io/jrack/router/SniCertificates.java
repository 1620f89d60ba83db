package io.jrack.router;

import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Map;

/**
 * The HTTPS listener's certificates, chosen by the name the client asks for (TLS SNI): a name with a
 * certificate of its own ({@code shop.example.com}, or under a wildcard {@code *.example.com}, one
 * label deep as TLS matches it) gets that one; any other name, and a client that names none, the
 * rack's own. {@link #replace} takes effect for the next connection, without a restart.
 */
public final class SniCertificates implements AsyncMapping<String, SslContext> {
  /** As long as an SslHandler waits for a handshake by default: a client that never says hello is dropped. */
  private static final long HELLO_TIMEOUT_MILLIS = 10_000;
  private final SslContext fallback;
  private volatile Mapping<String, SslContext> byName;

  SniCertificates(SslContext fallback) {
    this.fallback = fallback;
    this.byName = new DomainWildcardMappingBuilder<>(fallback).build();
  }

  /**
   * From now on {@code byName} (a name or {@code *.domain}, to contexts built like {@link
   * RouterTls#server}, so that they offer h2 too) and the rack's own for the rest; later entries win.
   */
  public void replace(Map<String, SslContext> contexts) {
    DomainWildcardMappingBuilder<SslContext> b = new DomainWildcardMappingBuilder<>(contexts.size() + 1, fallback);
    contexts.forEach(b::add);
    byName = b.build();
  }

  SslContext fallback() {
    return fallback;
  }

  /** The handler that reads the client's hello and puts the chosen context's SslHandler in its place. */
  ChannelHandler handler() {
    return new SniHandler(this, HELLO_TIMEOUT_MILLIS);
  }

  @Override
  public Future<SslContext> map(String hostname, Promise<SslContext> promise) {
    try {
      return promise.setSuccess(byName.map(hostname));
    } catch (RuntimeException e) {
      // A name Netty cannot normalize (not IDNA): the rack's own, as for no name.
      return promise.setSuccess(fallback);
    }
  }
}
