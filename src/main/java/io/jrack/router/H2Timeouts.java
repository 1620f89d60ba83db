package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * An HTTP/2 connection's two timeouts, checked by one periodic timer (nothing is scheduled per
 * stream or per write):
 * <ul>
 *   <li>the header timeout, HTTP/2's slowloris guard: the client preface (the 24 bytes and the first
 *       SETTINGS frame), and each header block (a HEADERS frame and its CONTINUATION frames, up to
 *       END_HEADERS), must arrive within it from their first byte. A client that trickles them, or
 *       never ends a block, holds the connection and the decoder's partial block for free; past the
 *       timeout it gets GOAWAY ENHANCE_YOUR_CALM and is closed;
 *   <li>the idle timeout: a connection that has had no stream open and sent nothing for that long is
 *       closed (the codec says GOAWAY NO_ERROR first).
 * </ul>
 * Sits before the HTTP/2 codec and reads only frame headers (9 bytes per frame) of the bytes going past.
 */
final class H2Timeouts extends ChannelInboundHandlerAdapter {
  private static final int PREFACE_LENGTH = 24;
  private static final int FRAME_HEADER_LENGTH = 9;
  private static final int HEADERS = 1;
  private static final int CONTINUATION = 9;
  private static final int END_HEADERS = 0x4;

  private final long timeoutNanos;
  private final long idleNanos;
  private final IntSupplier openStreams;
  private final long periodMillis;
  /** When the client last sent anything or had a stream open (nanoTime). */
  private long lastRead = System.nanoTime();
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private int prefaceLeft = PREFACE_LENGTH;
  /** The preface's SETTINGS frame, the first frame, has not been read whole yet. */
  private boolean firstFrame = true;
  /** The frame header being read (bytes of it so far), then the payload still to come. */
  private final byte[] head = new byte[FRAME_HEADER_LENGTH];
  private int headRead;
  private int payloadLeft;
  private int type;
  private int flags;
  /** When the current frame's first byte came (nanoTime). */
  private long frameStart;
  /** When the preface or the header block being received began (nanoTime), or 0 when none is. */
  private long blockStart;

  H2Timeouts(long headerTimeoutMillis, long idleTimeoutMillis, IntSupplier openStreams) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(headerTimeoutMillis);
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    this.openStreams = openStreams;
    this.periodMillis = Math.max(20, Math.min(headerTimeoutMillis, idleTimeoutMillis) / 4);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    timer = ctx.executor().scheduleAtFixedRate(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      lastRead = System.nanoTime();
      scan(b, b.readerIndex(), b.writerIndex(), lastRead);
    }
    ctx.fireChannelRead(msg);
  }

  /** Frames of one read all count from when it came ({@code now}). */
  private void scan(ByteBuf b, int from, int to, long now) {
    int i = from;
    while (i < to) {
      if (prefaceLeft > 0) {
        if (prefaceLeft == PREFACE_LENGTH) {
          blockStart = now;
        }
        int n = Math.min(prefaceLeft, to - i);
        prefaceLeft -= n;
        i += n;
      } else if (headRead < FRAME_HEADER_LENGTH) {
        if (headRead == 0) {
          frameStart = now;
        }
        head[headRead++] = b.getByte(i++);
        if (headRead == FRAME_HEADER_LENGTH) {
          payloadLeft = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | (head[2] & 0xff);
          type = head[3] & 0xff;
          flags = head[4] & 0xff;
          if (type == HEADERS && blockStart == 0) {
            blockStart = frameStart;
          }
          if (payloadLeft == 0) {
            frameDone();
          }
        }
      } else {
        int n = Math.min(payloadLeft, to - i);
        payloadLeft -= n;
        i += n;
        if (payloadLeft == 0) {
          frameDone();
        }
      }
    }
  }

  private void frameDone() {
    headRead = 0;
    if (firstFrame) {
      firstFrame = false;
      blockStart = 0;
    } else if ((type == HEADERS || type == CONTINUATION) && (flags & END_HEADERS) != 0) {
      blockStart = 0;
    }
  }

  private void check() {
    if (!ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    if (blockStart != 0 && now - blockStart > timeoutNanos) {
      blockStart = 0;
      timer.cancel(false);
      // From the tail, so the codec writes it (this handler sits before the codec).
      ctx.channel().writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM,
          Unpooled.copiedBuffer("header timeout", StandardCharsets.US_ASCII))).addListener(ChannelFutureListener.CLOSE);
    } else if (openStreams.getAsInt() > 0) {
      // A stream open is activity: the idle time counts from the last check that saw one, or the last read.
      lastRead = now;
    } else if (now - lastRead > idleNanos) {
      timer.cancel(false);
      ctx.channel().close();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.fireChannelInactive();
  }
}
