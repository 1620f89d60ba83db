package io.jrack.cli;

import io.jrack.rack.ProviderException;
import io.jrack.sdk.RackClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convox proxy [PORT:]HOST:HOSTPORT...}: listens on 127.0.0.1:PORT and carries each connection to
 * HOST:HOSTPORT inside the rack (a service or resource of an app, {@code api.myapp}) through the rack's
 * proxy socket, until interrupted. Output as Convox's: {@code proxying localhost:PORT to HOST:HOSTPORT},
 * then {@code connect: PORT} per connection.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, description = "Proxy a connection inside the rack.")
final class ProxyCommand extends RackCall {
  @Parameters(arity = "1..*", paramLabel = "[PORT:]HOST:HOSTPORT", description = "Local port, host inside the rack, its port (e.g. 5432:database.myapp:5432).")
  List<String> args = new ArrayList<>();

  @Option(names = {"-t", "--tls"}, description = "Wrap the connection in TLS (not available on this rack).")
  boolean tls;

  /** One argument: where to listen and where to go. */
  record Mapping(int port, String host, int hostPort) {
    static Mapping parse(String arg) {
      String[] parts = arg.split(":", 3);
      return switch (parts.length) {
        case 2 -> new Mapping(port(parts[1], arg), parts[0], port(parts[1], arg));
        case 3 -> new Mapping(port(parts[0], arg), parts[1], port(parts[2], arg));
        default -> throw new UserError("invalid argument: \"" + arg + "\" (expected: [PORT:]HOST:HOSTPORT, e.g. 5432:database.myapp:5432)");
      };
    }

    private static int port(String s, String arg) {
      try {
        int p = Integer.parseInt(s);
        if (p >= 1 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // Said below.
      }
      throw new UserError("invalid port \"" + s + "\" in \"" + arg + "\" (expected: a number 1-65535)");
    }
  }

  @Override
  void run() throws Exception {
    if (tls) {
      throw new UserError("--tls: not available on this rack (expected: no --tls; the connection inside the rack is plain TCP)");
    }
    List<Mapping> mappings = args.stream().map(Mapping::parse).toList();
    if (!(rack() instanceof RackClient client)) {
      throw new UserError("proxy: needs a rack reached over its API");
    }
    List<ServerSocket> listeners = new ArrayList<>();
    try {
      for (Mapping m : mappings) {
        ServerSocket ss = new ServerSocket(m.port(), 50, InetAddress.getLoopbackAddress());
        listeners.add(ss);
        out().printf("proxying localhost:%d to %s:%d%n", m.port(), m.host(), m.hostPort());
        out().flush();
        Thread.ofVirtual().name("proxy-accept-" + m.port()).start(() -> accept(client, ss, m));
      }
      Thread.currentThread().join();
    } catch (IOException e) {
      throw new UserError("proxy: could not listen: " + e.getMessage());
    } finally {
      for (ServerSocket ss : listeners) {
        ss.close();
      }
    }
  }

  private void accept(RackClient client, ServerSocket ss, Mapping m) {
    while (!ss.isClosed()) {
      Socket local;
      try {
        local = ss.accept();
      } catch (IOException e) {
        return;
      }
      out().printf("connect: %d%n", m.port());
      out().flush();
      Thread.ofVirtual().name("proxy-" + m.port()).start(() -> {
        try (local) {
          client.proxy(m.host(), m.hostPort(), local.getInputStream(), local.getOutputStream());
        } catch (ProviderException e) {
          err().println("ERROR: " + e.getMessage());
          err().flush();
        } catch (IOException e) {
          // The local connection ended: nothing to say.
        }
      });
    }
  }
}
