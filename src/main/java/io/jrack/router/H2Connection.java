package io.jrack.router;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * An HTTP/2 client connection: Netty's HTTP/2 codec, one child channel per stream ({@link H2Stream}),
 * and the limits a public listener needs. Each is what HAProxy and nginx added after the 2023 and
 * 2024 advisories, enforced by Netty's codec:
 * <ul>
 *   <li>at most {@link #MAX_CONCURRENT_STREAMS} streams open at once (SETTINGS; more are refused);
 *   <li>a header list of at most {@link RouterLimits#maxHeaderSize()} bytes (the HTTP/1.1 limit), over
 *       however many CONTINUATION frames it comes: past it the stream is refused, and past 1.25 times it
 *       the connection ends with GOAWAY (CONTINUATION flood, 2024);
 *   <li>at most {@link #MAX_RESETS_PER_WINDOW} RST_STREAM frames from the client per
 *       {@link #RESET_WINDOW_SECONDS} s, past which the connection ends with GOAWAY ENHANCE_YOUR_CALM
 *       (rapid reset, CVE-2023-44487: streams opened and cancelled at once never count as concurrent).
 * </ul>
 * A connection with no stream open for the idle timeout is closed (with GOAWAY); the preface and each
 * header block must arrive within the header timeout (both in {@link H2Timeouts}: slow HEADERS and
 * CONTINUATION frames).
 */
final class H2Connection {
  static final int MAX_CONCURRENT_STREAMS = 100;
  static final int MAX_RESETS_PER_WINDOW = 200;
  static final int RESET_WINDOW_SECONDS = 30;

  private H2Connection() {}

  static void configure(ChannelPipeline p, H2Context c) {
    Http2FrameCodec codec = new ServerCodec()
        .initialSettings(Http2Settings.defaultSettings()
            .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
            .maxHeaderListSize(c.limits().maxHeaderSize()))
        .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
        .build();
    // Streams answered by different backends flush one by one; deferred to the end of the event loop's
    // pass, the answers that arrived together leave in one write (one TLS record) instead of one each.
    p.addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    p.addLast(new H2Timeouts(c.limits().headerTimeout().toMillis(), c.limits().idleTimeout().toMillis(),
        () -> codec.connection().numActiveStreams()));
    p.addLast(codec);
    p.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(new H2Stream(c));
      }
    }));
    p.addLast(new ChannelInboundHandlerAdapter() {
      /** An HTTP/2 error of the client's has been answered by the codec (GOAWAY, then close): closing here first would say NO_ERROR. */
      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception) {
          return;
        }
        c.errors().caught("client", ctx.channel().remoteAddress(), cause);
        ctx.close();
      }
    });
  }

  /**
   * Netty's server codec, its streams sharing the connection's send window in equal parts
   * ({@link UniformStreamByteDistributor}) rather than by the priority tree clients may send: RFC 9113
   * deprecates that tree, HAProxy and nginx ignore it, and Netty's weighted distributor keeps a
   * state object and a priority queue per stream (a fifth of what the h2 path allocated).
   */
  private static final class ServerCodec extends Http2FrameCodecBuilder {
    ServerCodec() {
      DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
      connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
      connection(connection);
    }
  }
}
