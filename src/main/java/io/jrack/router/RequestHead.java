package io.jrack.router;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A request's head as the router reads it: the method, the version, Host, the body's framing, what
 * the client asked of the connection, and which header lines are not to be passed upstream
 * (hop-by-hop fields, and the X-Forwarded fields the router sets itself).
 */
final class RequestHead extends MessageHead {
  private ByteBuf buf;
  /** Where the version starts in the request line (the request line is copied up to it). */
  int versionStart;
  boolean head;
  boolean idempotent;
  boolean upgradeHeader;
  int upgradeFrom;
  int upgradeTo;
  private int hostFrom = -1;
  private int hostTo;
  private boolean hostRepeated;
  /** Pairs of [start, end) of the values of X-Forwarded-For fields the client sent. */
  int[] forwardedFor = new int[4];
  int forwardedForCount;

  @Override
  boolean bareLineFeedAllowed() {
    return false;
  }

  @Override
  void reset() {
    buf = null;
    head = false;
    idempotent = false;
    upgradeHeader = false;
    hostFrom = -1;
    hostRepeated = false;
    forwardedForCount = 0;
  }

  /** Reads the request at {@code buf}'s reader index (see {@link MessageHead#parse}). */
  int parse(ByteBuf buf, RouterLimits limits) {
    int status = parse(buf, limits.maxInitialLineLength(), limits.maxHeaderSize());
    this.buf = buf;
    if (status != COMPLETE) {
      return status;
    }
    if (hostRepeated) {
      return fail(400, "more than one Host header");
    }
    if (transferEncoding && contentLength >= 0) {
      // Both framings at once is how requests are smuggled past a proxy that reads the other one.
      return fail(400, "both Transfer-Encoding and Content-Length");
    }
    if (transferEncoding && !chunked) {
      return fail(400, "a Transfer-Encoding that does not end with chunked");
    }
    return COMPLETE;
  }

  @Override
  int startLine(ByteBuf buf, int from, int to) {
    int sp1 = buf.indexOf(from, to, (byte) ' ');
    int sp2 = buf.indexOf(to, from, (byte) ' ');  // backwards: the last space
    if (sp1 <= from || sp2 <= sp1 + 1) {
      return fail(400, "bad request line");
    }
    if (buf.indexOf(sp1 + 1, sp2, (byte) ' ') >= 0) {
      return fail(400, "bad request line");
    }
    for (int i = from; i < sp1; i++) {
      if (!isToken(buf.getByte(i))) {
        return fail(400, "bad request line: invalid method");
      }
    }
    for (int i = sp1 + 1; i < sp2; i++) {
      int c = buf.getByte(i) & 0xff;
      if (c <= ' ' || c == 0x7f) {
        return fail(400, "bad request line: invalid character in the target");
      }
    }
    int minor = version(buf, sp2 + 1, to);
    if (minor < 0) {
      // A well-formed version other than 1.0 and 1.1 is refused as such; anything else is malformed.
      boolean wellFormed = to - sp2 - 1 == 8 && nameIs(buf, sp2 + 1, sp2 + 6, Names.bytes("http/"))
          && isDigit(buf.getByte(sp2 + 6)) && buf.getByte(sp2 + 7) == '.' && isDigit(buf.getByte(sp2 + 8));
      return wellFormed
          ? fail(505, "unsupported HTTP version " + buf.toString(sp2 + 1, 8, StandardCharsets.ISO_8859_1))
          : fail(400, "bad request line: no HTTP version");
    }
    minorVersion = minor;
    versionStart = sp2 + 1;
    int methodLength = sp1 - from;
    head = is(buf, from, methodLength, "HEAD");
    idempotent = head || is(buf, from, methodLength, "GET") || is(buf, from, methodLength, "OPTIONS")
        || is(buf, from, methodLength, "PUT") || is(buf, from, methodLength, "DELETE");
    if (is(buf, from, methodLength, "CONNECT")) {
      return fail(405, "CONNECT is not supported");
    }
    return COMPLETE;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** Method names are case-sensitive. */
  private static boolean is(ByteBuf buf, int from, int length, String method) {
    if (length != method.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (buf.getByte(from + i) != method.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  int header(ByteBuf buf, int line, int colon, int vs, int ve, int next) {
    int status = framingHeader(buf, line, colon, vs, ve);
    if (status != COMPLETE) {
      return status;
    }
    switch (colon - line) {
      case 4 -> {
        if (nameIs(buf, line, colon, Names.HOST)) {
          hostRepeated = hostFrom >= 0;
          hostFrom = vs;
          hostTo = ve;
        }
      }
      case 2 -> dropNamed(buf, line, colon, next, Names.TE);
      case 7 -> {
        // Dropped here, and written again when Connection names it (see upgrade()).
        if (dropNamed(buf, line, colon, next, Names.UPGRADE)) {
          upgradeHeader = true;
          upgradeFrom = vs;
          upgradeTo = ve;
        }
      }
      case 10 -> {
        if (!dropNamed(buf, line, colon, next, Names.CONNECTION)) {
          dropNamed(buf, line, colon, next, Names.KEEP_ALIVE);
        }
      }
      case 15 -> {
        if (dropNamed(buf, line, colon, next, Names.X_FORWARDED_FOR) && vs < ve) {
          if (forwardedForCount * 2 == forwardedFor.length) {
            forwardedFor = Arrays.copyOf(forwardedFor, forwardedFor.length * 2);
          }
          forwardedFor[forwardedForCount * 2] = vs;
          forwardedFor[forwardedForCount * 2 + 1] = ve;
          forwardedForCount++;
        }
      }
      case 16 -> {
        if (!dropNamed(buf, line, colon, next, Names.PROXY_CONNECTION)) {
          dropNamed(buf, line, colon, next, Names.X_FORWARDED_PORT);
        }
      }
      case 17 -> dropNamed(buf, line, colon, next, Names.X_FORWARDED_PROTO);
      default -> {
        // Passed on as it is.
      }
    }
    return COMPLETE;
  }

  /** Drops the line if its field is {@code name}; whether it was. */
  private boolean dropNamed(ByteBuf buf, int line, int colon, int next, byte[] name) {
    if (!nameIs(buf, line, colon, name)) {
      return false;
    }
    drop(line, next);
    return true;
  }


  /** The Host header's value, or null when there is none. */
  String host() {
    return hostFrom < 0 ? null : buf.toString(hostFrom, hostTo - hostFrom, StandardCharsets.ISO_8859_1);
  }

  /** Whether the Host header's value is {@code host}, byte for byte; both absent counts as equal. */
  boolean hostIs(byte[] host) {
    if (hostFrom < 0 || host == null) {
      return hostFrom < 0 && host == null;
    }
    if (hostTo - hostFrom != host.length) {
      return false;
    }
    for (int i = 0; i < host.length; i++) {
      if (buf.getByte(hostFrom + i) != host[i]) {
        return false;
      }
    }
    return true;
  }

  /** The Host header's value as bytes, or null when there is none. */
  byte[] hostBytes() {
    if (hostFrom < 0) {
      return null;
    }
    byte[] b = new byte[hostTo - hostFrom];
    buf.getBytes(hostFrom, b);
    return b;
  }

  /** Whether the client keeps the connection open after this exchange. */
  boolean keepAlive() {
    return minorVersion == 1 ? !connectionClose : connectionKeepAlive;
  }

  /** A protocol switch (WebSocket): both the Upgrade field and the upgrade token in Connection. */
  boolean upgrade() {
    return upgradeHeader && connectionUpgrade;
  }

  @Override
  int startLineTooLong() {
    return fail(414, "request line too long");
  }

  @Override
  int fieldsTooLarge() {
    return 431;
  }

  @Override
  int malformed() {
    return 400;
  }
}
