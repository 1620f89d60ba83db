package io.jrack.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of {@link RackResolver}: one UDP socket read by one thread, which answers names of
 * the zone itself (a table lookup, cheaper than a hand-off) and hands forwarded ones to dnsjava,
 * whose answers are sent from its threads; TCP on the same port (clients retry there when a UDP
 * answer is truncated) with a virtual thread per connection, see {@link TcpConnections}.
 */
final class DefaultRackResolver implements RackResolver {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultRackResolver.class);
  /** The largest query accepted; a real one is under 512 bytes, a bigger datagram is dropped. */
  static final int MAX_QUERY = 4096;
  private static final int BIND_ATTEMPTS = 10;

  private final RackResolverBuilder config;
  private final QueryHandler handler;
  private final SourceRateLimit rateLimit;
  private final ExecutorService forwardThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final RackZone zone;
  private DatagramChannel udp;
  private TcpConnections tcp;
  private volatile boolean closed;

  DefaultRackResolver(RackResolverBuilder config, List<InetSocketAddress> upstreams) {
    this.config = config;
    this.zone = new RackZone(config.rack, config.records, config.ttl);
    Forwarder forwarder = upstreams.isEmpty() ? null
        : new Forwarder(upstreams, config.forwardTimeout, config.maxForwardsInFlight, forwardThreads);
    this.handler = new QueryHandler(zone, forwarder,
        config.internalRouter == null ? null : new InternalRouterZone(config.rack, config.internalRouter, config.ttl));
    this.rateLimit = new SourceRateLimit(config.queriesPerSecondPerSource, 65536);
  }

  @Override
  public synchronized RackResolver start() throws IOException {
    if (udp != null) {
      throw new IllegalStateException("already started on " + address());
    }
    IOException last = null;
    // With port 0, UDP picks a free port and TCP takes the same number; another process may hold it for TCP.
    for (int attempt = 0; attempt < (config.listen.getPort() == 0 ? BIND_ATTEMPTS : 1); attempt++) {
      DatagramChannel u = DatagramChannel.open();
      try {
        u.bind(config.listen);
        InetSocketAddress bound = (InetSocketAddress) u.getLocalAddress();
        ServerSocketChannel t = ServerSocketChannel.open();
        try {
          t.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          t.bind(bound, 256);
        } catch (IOException e) {
          t.close();
          throw e;
        }
        udp = u;
        tcp = new TcpConnections(t, handler, config.allowedSources, rateLimit, config.maxTcpConnections, config.tcpIdleTimeout);
        break;
      } catch (IOException e) {
        u.close();
        last = e;
      }
    }
    if (udp == null) {
      throw new IOException("DNS on %s: %s".formatted(config.listen, last.getMessage()), last);
    }
    Thread.ofPlatform().daemon().name("dns-udp-" + address().getPort()).start(this::serveUdp);
    tcp.start();
    LOG.info("rack DNS for {} on {} (udp, tcp)", zone.origin(), address());
    return this;
  }

  private void serveUdp() {
    ByteBuffer in = ByteBuffer.allocate(MAX_QUERY + 1);
    while (!closed) {
      SocketAddress from;
      try {
        in.clear();
        from = udp.receive(in);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("dns udp receive: {}", e.toString());
        }
        continue;
      }
      InetAddress source = ((InetSocketAddress) from).getAddress();
      if (in.position() > MAX_QUERY || !config.allowedSources.allows(source) || !rateLimit.allow(source)) {
        continue;
      }
      in.flip();
      // The answer may be sent later, from another thread: parse a copy, the buffer is reused.
      ByteBuffer query = ByteBuffer.allocate(in.remaining()).put(in).flip();
      try {
        handler.handle(query, false).thenAccept(answer -> send(answer, from));
      } catch (RuntimeException e) {
        // A query the handler did not expect must not end the only UDP thread.
        LOG.warn("dns query from {}: {}", from, e.toString());
      }
    }
  }

  private void send(byte[] answer, SocketAddress to) {
    if (answer == null || closed) {
      return;
    }
    try {
      udp.send(ByteBuffer.wrap(answer), to);
    } catch (IOException e) {
      // The client went away (ICMP unreachable); nothing to tell anyone.
    }
  }

  @Override
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) udp.getLocalAddress();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("not started", e);
    }
  }

  @Override
  public String zone() {
    return zone.origin().toString(true);
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      if (udp != null) {
        udp.close();
      }
    } catch (IOException e) {
      // Closing anyway.
    }
    if (tcp != null) {
      tcp.close();
    }
    forwardThreads.shutdownNow();
  }
}
