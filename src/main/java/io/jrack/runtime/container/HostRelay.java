package io.jrack.runtime.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the rack's loopback listeners (the router's internal endpoints, resource servers) reachable
 * from its containers: a port P of 127.0.0.1 is relayed from the network's gateway address, same
 * port. Only addresses of the rack's own subnet are served, so a machine that routes to the gateway
 * address from outside gets its connection closed.
 */
final class HostRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostRelay.class);

  private final InetAddress gateway;
  private final Cidr subnet;
  private final Map<Integer, ServerSocket> listeners = new ConcurrentHashMap<>();

  HostRelay(String gateway, String subnet) throws IOException {
    this.gateway = InetAddress.getByName(gateway);
    this.subnet = Cidr.parse(subnet);
  }

  /** Starts relaying {@code port} unless it is already; fails when the gateway's port is taken. */
  synchronized void expose(int port) throws IOException {
    ServerSocket existing = listeners.get(port);
    if (existing != null && !existing.isClosed()) {
      return;
    }
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(gateway, port), 256);
    listeners.put(port, server);
    Thread.ofVirtual().name("relay-" + port).start(() -> accept(server, port));
  }

  private void accept(ServerSocket server, int port) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (!subnet.contains(client.getInetAddress())) {
          client.close();
          continue;
        }
        Thread.ofVirtual().start(() -> relay(client, port));
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warn("relay of port {}: {}", port, e.toString());
        }
      }
    }
  }

  private static void relay(Socket client, int port) {
    try (client; Socket backend = new Socket(InetAddress.getLoopbackAddress(), port)) {
      client.setTcpNoDelay(true);
      backend.setTcpNoDelay(true);
      Thread up = Thread.ofVirtual().start(() -> pipe(client, backend));
      pipe(backend, client);
      up.join();
    } catch (IOException e) {
      // The service on the host is not listening (yet): the container sees its connection closed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Copies until the source ends, then half-closes the destination so the other way can finish. */
  private static void pipe(Socket from, Socket to) {
    byte[] buf = new byte[16384];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      try {
        to.close();
        from.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
  }

  @Override
  public synchronized void close() {
    for (ServerSocket s : listeners.values()) {
      try {
        s.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
    listeners.clear();
  }

  /** An IPv4 network, for the check that a connection comes from the rack's own containers. */
  record Cidr(int network, int mask) {
    static Cidr parse(String cidr) throws IOException {
      String[] p = cidr.split("/");
      int bits = Integer.parseInt(p[1]);
      int mask = bits == 0 ? 0 : -1 << (32 - bits);
      return new Cidr(toInt(InetAddress.getByName(p[0])) & mask, mask);
    }

    boolean contains(InetAddress a) {
      return a.getAddress().length == 4 && (toInt(a) & mask) == network;
    }

    private static int toInt(InetAddress a) {
      byte[] b = a.getAddress();
      return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
  }
}
