package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.jrack.runtime.Routing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@code grpc:} service through the router with grpc-java on both ends: unary, bidirectional streaming, trailers, errors. */
class RouterGrpcTest {
  static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<String, String> ECHO = method(MethodDescriptor.MethodType.UNARY, "Echo");
  static final MethodDescriptor<String, String> CHAT = method(MethodDescriptor.MethodType.BIDI_STREAMING, "Chat");
  static final Metadata.Key<String> TRAILER = Metadata.Key.of("x-served-by", Metadata.ASCII_STRING_MARSHALLER);

  static MethodDescriptor<String, String> method(MethodDescriptor.MethodType type, String name) {
    return MethodDescriptor.<String, String>newBuilder().setType(type).setFullMethodName("test.Talk/" + name)
        .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
  }

  Router router;
  Server server;
  ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    router = Router.start(RouterConfig.of("127.0.0.1", 0, -1, null));
    ServerServiceDefinition talk = ServerServiceDefinition.builder("test.Talk")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((String req, StreamObserver<String> out) -> {
          if (req.equals("missing")) {
            out.onError(Status.NOT_FOUND.withDescription("no such thing: " + req).asRuntimeException());
            return;
          }
          out.onNext("echo " + req);
          out.onCompleted();
        }))
        .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall((StreamObserver<String> out) -> new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            out.onNext("re " + value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        }))
        .build();
    // Every call's trailers carry a field of the service's own, to see trailers kept.
    ServerInterceptor trailer = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            trailers.put(TRAILER, "talk");
            super.close(status, trailers);
          }
        }, headers);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(ServerInterceptors.intercept(talk, trailer)).build().start();
    router.publish("app", List.of(new Routing.Route("talk", List.of("talk.test"), false, null, "grpc")));
    router.backends("app", "talk", List.of(new InetSocketAddress("127.0.0.1", server.getPort())));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", router.httpPort()).overrideAuthority("talk.test").usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    router.close();
  }

  @Test
  void unaryCallsGoThroughWithTheirTrailers() {
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    AtomicReference<Metadata> headers = new AtomicReference<>();
    io.grpc.Channel captured = io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
    assertThat(ClientCalls.blockingUnaryCall(captured, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "hello")).isEqualTo("echo hello");
    assertThat(trailers.get().get(TRAILER)).isEqualTo("talk");
    // The service's own error status comes through as it sent it.
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "missing"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("no such thing: missing");
        });
    assertThat(router.unexpectedErrors()).isZero();
  }

  @Test
  void bidirectionalStreamingGoesBothWaysAsItComes() throws Exception {
    chatInTurn(channel, 5);
  }

  /**
   * {@code messages} messages on one bidirectional stream, each reply awaited before the next message
   * is sent (nothing may wait for the end of either side), then the end of both.
   */
  static void chatInTurn(io.grpc.Channel channel, int messages) throws InterruptedException {
    BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(CHAT, CallOptions.DEFAULT), new StreamObserver<String>() {
      @Override
      public void onNext(String value) {
        replies.add(value);
      }

      @Override
      public void onError(Throwable t) {
        replies.add(t);
      }

      @Override
      public void onCompleted() {
        replies.add("done");
      }
    });
    for (int i = 0; i < messages; i++) {
      requests.onNext("m" + i);
      assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo("re m" + i);
    }
    requests.onCompleted();
    assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void routerErrorsAreGrpcStatusUnavailable() throws Exception {
    router.backends("app", "talk", List.of());
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "x"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).isEqualTo("jrack router: no healthy process for talk");
        });
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    router.backends("app", "talk", List.of(new InetSocketAddress("127.0.0.1", closed)));
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "x"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).isEqualTo("jrack router: talk did not accept the connection");
        });
  }
}
