package io.jrack.router;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/**
 * The handlers of a new client connection on one listener. Over TLS, ALPN picks HTTP/2 ({@code h2})
 * or HTTP/1.1 when the context offers h2 ({@link RouterTls#server}); in clear, a connection that
 * opens with the HTTP/2 preface is HTTP/2 ({@link CleartextH2Detector}). HTTP/1.1 connections get the
 * byte relay ({@link ProxyHandler}), HTTP/2 ones {@link H2Connection}.
 */
final class ClientPipeline extends ChannelInitializer<Channel> {
  private final Router router;
  private final SslContext tls;
  private final String scheme;
  private final ProxyHandler.Resolver resolver;

  ClientPipeline(Router router, SslContext tls, String scheme, ProxyHandler.Resolver resolver) {
    this.router = router;
    this.tls = tls;
    this.scheme = scheme;
    this.resolver = resolver;
  }

  @Override
  protected void initChannel(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    if (tls == null) {
      // After the slow-client guard: a client that stops half way through what could be the HTTP/2
      // preface is on the header timeout's clock too.
      http1(ch);
      p.addAfter(p.context(SlowClientGuard.class).name(), "h2-detector", new CleartextH2Detector(this::fromDetector));
      return;
    }
    SniCertificates sni = router.certificates();
    p.addLast(sni != null && sni.fallback() == tls ? sni.handler() : tls.newHandler(ch.alloc()));
    if (!tls.applicationProtocolNegotiator().protocols().contains(ApplicationProtocolNames.HTTP_2)) {
      http1(ch);
      return;
    }
    p.addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
      @Override
      protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
          h2(ctx.channel());
        } else {
          http1(ctx.channel());
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        router.errors().caught("client", ctx.channel().remoteAddress(), cause);
        ctx.close();
      }
    });
  }

  private void http1(Channel ch) {
    RouterLimits limits = router.limits();
    int localPort = ((InetSocketAddress) ch.localAddress()).getPort();
    ch.pipeline().addLast(new SlowClientGuard(limits.headerTimeout().toMillis()));
    ch.pipeline().addLast(new ProxyHandler(resolver(ch), scheme, localPort, limits, router.inFlight(), router.pool(ch.eventLoop()), router.errors()));
  }

  /** The public listeners answer the internal router's hosts too, on connections from inside the rack. */
  private ProxyHandler.Resolver resolver(Channel ch) {
    return resolver instanceof InternalRouter.Sided sided && ch.localAddress() instanceof InetSocketAddress local ? sided.at(local.getAddress()) : resolver;
  }

  /** The HTTP/1.1 handlers the connection started with make way for HTTP/2's. */
  private void fromDetector(ChannelHandlerContext detector) {
    ChannelPipeline p = detector.pipeline();
    p.remove(SlowClientGuard.class);
    p.remove(ProxyHandler.class);
    h2(detector.channel());
  }

  private void h2(Channel ch) {
    int localPort = ((InetSocketAddress) ch.localAddress()).getPort();
    InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
    String client = remote == null ? "unknown" : remote.getAddress().getHostAddress();
    H2Context c = new H2Context(resolver(ch), scheme, localPort, client, router.limits(), router.inFlight(), router.http1Pool(ch.eventLoop()),
        router.h2Pool(ch.eventLoop()), router.errors());
    H2Connection.configure(ch.pipeline(), c);
  }
}
