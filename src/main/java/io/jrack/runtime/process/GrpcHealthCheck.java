package io.jrack.runtime.process;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * gRPC's health protocol, {@code grpc.health.v1.Health/Check} for the whole server (an empty
 * service name), over h2c as gRPC servers speak it. The two messages are one field each, so they
 * are written and read here by protobuf's wire rules rather than with protobuf's runtime.
 */
final class GrpcHealthCheck {
  static final String PATH = "/grpc.health.v1.Health/Check";
  /** An uncompressed gRPC message of 0 bytes: the empty {@code HealthCheckRequest}. */
  private static final byte[] EMPTY_REQUEST = new byte[5];
  private static final String[] STATUS = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};

  /** One thread for every check of the rack: a check is a connection, two frames out and three in. */
  private static final class Loop {
    static final EventLoopGroup GROUP = new NioEventLoopGroup(1, new DefaultThreadFactory("grpc-health", true));
  }

  private GrpcHealthCheck() {}

  /** Null when the server answers SERVING within {@code timeout}, else what it said or what went wrong. */
  static String check(String host, int port, Duration timeout) {
    String what = "grpc.health.v1 Check on " + host + ":" + port;
    CompletableFuture<String> answer = new CompletableFuture<>();
    ChannelFuture connected = new Bootstrap()
        .group(Loop.GROUP)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(), new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect(host, port);
    connected.addListener(f -> {
      if (!f.isSuccess()) {
        answer.complete(what + ": " + describe(f.cause()));
        return;
      }
      new Http2StreamChannelBootstrap(connected.channel()).handler(new Call(answer)).open().addListener(s -> {
        if (!s.isSuccess()) {
          answer.complete(what + ": " + describe(s.cause()));
          return;
        }
        Channel stream = (Channel) s.getNow();
        Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("http").path(PATH)
            .authority(host + ":" + port).set("content-type", "application/grpc").set("te", "trailers")
            .set("user-agent", "jrack-health");
        stream.write(new DefaultHttp2HeadersFrame(headers, false));
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(EMPTY_REQUEST), true));
      });
    });
    try {
      String problem = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return problem == null ? null : problem.startsWith(what) ? problem : what + " " + problem;
    } catch (TimeoutException e) {
      return what + " timed out after " + timeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      return what + ": " + describe(e.getCause());
    } finally {
      connected.channel().close();
    }
  }

  private static String describe(Throwable t) {
    if (t instanceof java.net.ConnectException) {
      return "connection refused";
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
  }

  /** The call's stream: gathers the response message, decides at the trailers. */
  private static final class Call extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<String> answer;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean headersSeen;

    Call(CompletableFuture<String> answer) {
      this.answer = answer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2HeadersFrame h) {
          if (!headersSeen) {
            headersSeen = true;
            CharSequence status = h.headers().status();
            if (status != null && !"200".contentEquals(status)) {
              answer.complete("answered HTTP status " + status + " (not a gRPC server?)");
              return;
            }
          }
          CharSequence grpcStatus = h.headers().get("grpc-status");
          if (grpcStatus != null) {
            answer.complete(trailers(grpcStatus, h.headers().get("grpc-message")));
          } else if (h.isEndStream()) {
            answer.complete("ended without a grpc-status");
          }
        } else if (msg instanceof Http2DataFrame d) {
          ByteBuf content = d.content();
          content.readBytes(body, content.readableBytes());
        }
      } catch (java.io.IOException e) {
        answer.complete("could not read the answer: " + e.getMessage());
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      answer.complete("the stream was closed before an answer");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      answer.complete(describe(cause));
      ctx.close();
    }

    private String trailers(CharSequence grpcStatus, CharSequence message) {
      if (!"0".contentEquals(grpcStatus)) {
        return "answered grpc-status " + grpcStatus + (message == null ? "" : " (" + message + ")");
      }
      int status = servingStatus(body.toByteArray());
      if (status == 1) {
        return null;
      }
      return "answered " + (status >= 0 && status < STATUS.length ? STATUS[status] : status < 0 ? "a message that is not a HealthCheckResponse" : "status " + status);
    }
  }

  /**
   * The {@code status} (field 1, a varint) of the one gRPC message in {@code body}; 0 (UNKNOWN) when
   * absent, as protobuf reads a missing field; -1 when the bytes are not such a message.
   */
  static int servingStatus(byte[] body) {
    if (body.length < 5 || body[0] != 0) {
      return -1;
    }
    int length = ((body[1] & 0xff) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
    if (length != body.length - 5) {
      return -1;
    }
    int status = 0;
    int i = 5;
    while (i < body.length) {
      long[] key = varint(body, i);
      if (key == null) {
        return -1;
      }
      i = (int) key[1];
      int field = (int) (key[0] >>> 3);
      int wire = (int) (key[0] & 7);
      if (wire == 0) {
        long[] v = varint(body, i);
        if (v == null) {
          return -1;
        }
        i = (int) v[1];
        if (field == 1) {
          status = (int) v[0];
        }
      } else if (wire == 2) {
        long[] len = varint(body, i);
        if (len == null || len[1] + len[0] > body.length) {
          return -1;
        }
        i = (int) (len[1] + len[0]);
      } else if (wire == 5 || wire == 1) {
        i += wire == 5 ? 4 : 8;
      } else {
        return -1;
      }
    }
    return i == body.length ? status : -1;
  }

  /** {value, next index}, or null when the varint runs past the end. */
  private static long[] varint(byte[] b, int at) {
    long value = 0;
    for (int shift = 0, i = at; i < b.length && shift < 64; shift += 7, i++) {
      value |= (long) (b[i] & 0x7f) << shift;
      if ((b[i] & 0x80) == 0) {
        return new long[] {value, i + 1};
      }
    }
    return null;
  }
}
