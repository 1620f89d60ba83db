import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * bench/router's gRPC load: {@code server PORT} serves a unary echo (grpc-java); {@code load PORT
 * AUTHORITY CALLERS SECONDS} runs CALLERS callers, each making one unary call after the other on one
 * connection (h2c), for SECONDS after a warm-up of the same length, and prints
 * {@code calls/s p50_ms p99_ms}.
 */
public class GrpcLoad {
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    public InputStream stream(byte[] v) {
      return new ByteArrayInputStream(v);
    }

    public byte[] parse(InputStream in) {
      try {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("bench.Echo/Echo")
      .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

  public static void main(String[] a) throws Exception {
    if (a[0].equals("server")) {
      ServerServiceDefinition echo = ServerServiceDefinition.builder("bench.Echo")
          .addMethod(ECHO, ServerCalls.asyncUnaryCall((byte[] req, io.grpc.stub.StreamObserver<byte[]> out) -> {
            out.onNext(req);
            out.onCompleted();
          })).build();
      Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[1]))).addService(echo).build().start();
      s.awaitTermination();
      return;
    }
    int port = Integer.parseInt(a[1]);
    int callers = Integer.parseInt(a[3]);
    long seconds = Long.parseLong(a[4]);
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).overrideAuthority(a[2]).usePlaintext().build();
    byte[] body = "hello from the bench client".getBytes();
    run(ch, body, callers, seconds); // warm-up
    long[][] lat = run(ch, body, callers, seconds);
    int n = Arrays.stream(lat).mapToInt(l -> (int) l[0]).sum();
    long[] all = new long[n];
    int k = 0;
    for (long[] l : lat) {
      System.arraycopy(l, 1, all, k, (int) l[0]);
      k += (int) l[0];
    }
    Arrays.sort(all);
    System.out.printf("%.0f %.2f %.2f%n", n / (double) seconds, all[n / 2] / 1e6, all[(int) (n * 0.99)] / 1e6);
    ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Per caller: [count, latencies in ns...]. */
  static long[][] run(ManagedChannel ch, byte[] body, int callers, long seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long[][] out = new long[callers][];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int me = c;
      threads.add(Thread.ofPlatform().start(() -> {
        long[] l = new long[1 << 20];
        int i = 1;
        while (System.nanoTime() < end && i < l.length) {
          long t0 = System.nanoTime();
          ClientCalls.blockingUnaryCall(ch, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
          l[i++] = System.nanoTime() - t0;
        }
        l[0] = i - 1;
        out[me] = l;
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return out;
  }
}
