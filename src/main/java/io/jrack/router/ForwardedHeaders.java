package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * The head one client connection's requests carry upstream: the client's bytes as they came, less the
 * hop-by-hop fields, as HTTP/1.1 (the upstream hop is always keep-alive), with
 * {@code X-Forwarded-For/-Proto/-Port} set by the router. What is the same for every request of the
 * connection is made once: this runs for every request.
 */
final class ForwardedHeaders {
  private static final byte[] VERSION = Names.bytes("HTTP/1.1\r\n");
  private static final byte[] XFF = Names.bytes("X-Forwarded-For: ");
  private static final byte[] COMMA = Names.bytes(", ");
  private static final byte[] CRLF = Names.bytes("\r\n");
  private static final byte[] UPGRADE = Names.bytes("Connection: upgrade\r\nUpgrade: ");

  /** "client\r\nX-Forwarded-Proto: scheme\r\nX-Forwarded-Port: port\r\n": ends every head after the client's XFF values. */
  private final byte[] tail;

  ForwardedHeaders(Channel client, String scheme, int listenerPort) {
    InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
    String address = remote == null ? "unknown" : remote.getAddress().getHostAddress();
    this.tail = Names.bytes(address + "\r\nX-Forwarded-Proto: " + scheme + "\r\nX-Forwarded-Port: " + listenerPort + "\r\n");
  }

  /** The upstream head for {@code h}, read from {@code buf}. */
  ByteBuf write(RequestHead h, ByteBuf buf, ByteBufAllocator alloc) {
    int xff = 0;
    for (int i = 0; i < h.forwardedForCount; i++) {
      xff += h.forwardedFor[i * 2 + 1] - h.forwardedFor[i * 2] + 2;
    }
    ByteBuf out = alloc.ioBuffer(h.end - h.start + XFF.length + xff + tail.length + 64);
    out.writeBytes(buf, h.start, h.versionStart - h.start);
    out.writeBytes(VERSION);
    h.writeKept(buf, h.fieldsStart, out);
    out.writeBytes(XFF);
    for (int i = 0; i < h.forwardedForCount; i++) {
      out.writeBytes(buf, h.forwardedFor[i * 2], h.forwardedFor[i * 2 + 1] - h.forwardedFor[i * 2]);
      out.writeBytes(COMMA);
    }
    out.writeBytes(tail);
    if (h.upgrade()) {
      out.writeBytes(UPGRADE);
      out.writeBytes(buf, h.upgradeFrom, h.upgradeTo - h.upgradeFrom);
      out.writeBytes(CRLF);
    }
    out.writeBytes(CRLF);
    return out;
  }
}
