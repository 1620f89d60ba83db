package io.jrack.router;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;

/**
 * What one client connection's requests carry upstream: {@code X-Forwarded-For/-Proto/-Port}, and no
 * hop-by-hop headers. The values that are the same for every request of the connection are made once,
 * and header names are {@link AsciiString}s, whose hash is computed once: this runs for every request.
 */
final class ForwardedHeaders {
  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
  static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

  private final String client;
  private final AsciiString scheme;
  private final AsciiString port;

  ForwardedHeaders(Channel client, String scheme, int listenerPort) {
    InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
    this.client = remote == null ? "unknown" : remote.getAddress().getHostAddress();
    this.scheme = AsciiString.cached(scheme);
    this.port = AsciiString.cached(Integer.toString(listenerPort));
  }

  /** Rewrites {@code request}'s headers for the upstream hop, which is always keep-alive. */
  void apply(HttpRequest request) {
    HttpHeaders h = request.headers();
    String prior = h.get(X_FORWARDED_FOR);
    h.set(X_FORWARDED_FOR, prior == null ? client : prior + ", " + client);
    h.set(X_FORWARDED_PROTO, scheme);
    h.set(X_FORWARDED_PORT, port);
    boolean upgrade = h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    h.remove(PROXY_CONNECTION);
    h.remove(HttpHeaderNames.KEEP_ALIVE);
    h.remove(HttpHeaderNames.TE);
    if (upgrade) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else {
      // The client's choice of keep-alive applies only to its side.
      h.remove(HttpHeaderNames.CONNECTION);
      if (request.protocolVersion().minorVersion() == 0) {
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
      }
    }
  }
}
