package io.jrack.dns;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The rack's DNS server: UDP and TCP on one address and port, answering the rack's zone
 * ({@code <rack>.local}) from {@link ServiceRecords} and forwarding every other name.
 *
 * <pre>{@code
 * RackResolver dns = RackResolver.builder()
 *     .rack("dev")
 *     .records(records)
 *     .listen(new InetSocketAddress("10.89.0.1", 53))
 *     .build()
 *     .start();
 * }</pre>
 */
public interface RackResolver extends AutoCloseable {

  static RackResolverBuilder builder() {
    return new RackResolverBuilder();
  }

  /** Binds UDP and TCP and starts answering; returns this. */
  RackResolver start() throws IOException;

  /** Where it listens (the actual port when 0 was asked for); only once started. */
  InetSocketAddress address();

  /** The zone it answers itself, {@code <rack>.local}. */
  String zone();

  /** Stops answering and frees both sockets; queries being forwarded are dropped. */
  @Override
  void close();
}
