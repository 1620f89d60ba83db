package io.jrack.router;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The head of one HTTP/1.x message (start line and header fields), read in place in the buffer it
 * arrived in: no header objects and no strings, only the offsets and the few facts a proxy acts on.
 * Subclasses keep what their side needs; an instance is reused for every message of a connection.
 *
 * <p>The rules are RFC 9112's: a line ends with CRLF. A bare LF is refused in requests: the head is
 * relayed as it came, and a backend that does not split lines at a bare LF would read other fields
 * than the router did; responses, which only their own backend wrote, may use it, as most servers allow;
 * field names are tokens with no whitespace before the colon; obsolete line folding and control
 * characters in values are refused, since proxies that read them differently are how requests are
 * smuggled.
 */
abstract class MessageHead {
  /** {@link #parse}'s answer when the head is complete. */
  static final int COMPLETE = 0;
  /** {@link #parse}'s answer when more bytes are needed. */
  static final int INCOMPLETE = -1;

  private static final boolean[] TOKEN = new boolean[256];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  /** Where the head starts, and where it ends (after the empty line). */
  int start;
  int end;
  /** Where the header fields start (after the start line). */
  int fieldsStart;
  /** 0 or 1, of HTTP/1.0 or HTTP/1.1. */
  int minorVersion;
  long contentLength;
  boolean transferEncoding;
  boolean chunked;
  boolean connectionClose;
  boolean connectionKeepAlive;
  boolean connectionUpgrade;
  /** Connection names a field other than close, keep-alive and upgrade (hop-by-hop by that naming). */
  boolean connectionOther;
  /** Why the head was refused, for the answer. */
  String error;
  /** Pairs of [start, end) of the header lines left out when the head is written on, in order. */
  private int[] dropped = new int[16];
  private int droppedCount;

  /**
   * Reads the head at {@code buf}'s reader index: {@link #COMPLETE}, {@link #INCOMPLETE}, or else the
   * HTTP status the message deserves as an error (with {@link #error} saying why).
   */
  final int parse(ByteBuf buf, int maxStartLine, int maxFields) {
    start = buf.readerIndex();
    int to = buf.writerIndex();
    minorVersion = 1;
    contentLength = -1;
    transferEncoding = false;
    chunked = false;
    connectionClose = false;
    connectionKeepAlive = false;
    connectionUpgrade = false;
    connectionOther = false;
    error = null;
    droppedCount = 0;
    reset();
    int lf = buf.indexOf(start, Math.min(to, start + maxStartLine + 2), (byte) '\n');
    if (lf < 0) {
      return to - start > maxStartLine + 1 ? startLineTooLong() : INCOMPLETE;
    }
    int lineEnd = lf > start && buf.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    if (lineEnd == lf && !bareLineFeedAllowed()) {
      return bareLineFeed();
    }
    if (lineEnd - start > maxStartLine) {
      return startLineTooLong();
    }
    int status = startLine(buf, start, lineEnd);
    if (status != COMPLETE) {
      return status;
    }
    int pos = lf + 1;
    fieldsStart = pos;
    int limit = pos + maxFields + 2;
    while (true) {
      lf = buf.indexOf(pos, Math.min(to, limit), (byte) '\n');
      if (lf < 0) {
        return to >= limit ? fail(fieldsTooLarge(), "header fields larger than " + maxFields + " bytes") : INCOMPLETE;
      }
      lineEnd = lf > pos && buf.getByte(lf - 1) == '\r' ? lf - 1 : lf;
      if (lineEnd == lf && !bareLineFeedAllowed()) {
        return bareLineFeed();
      }
      if (lineEnd == pos) {
        end = lf + 1;
        return COMPLETE;
      }
      status = field(buf, pos, lineEnd, lf + 1);
      if (status != COMPLETE) {
        return status;
      }
      pos = lf + 1;
    }
  }

  /** Whether a line may end with LF alone (see the class comment). */
  abstract boolean bareLineFeedAllowed();

  private int bareLineFeed() {
    return fail(malformed(), "a line of the head ends with a bare LF (expected: CRLF)");
  }

  /** Clears what the subclass read from the previous message. */
  abstract void reset();

  /** Reads the start line {@code [from, to)}: COMPLETE or an error status. */
  abstract int startLine(ByteBuf buf, int from, int to);

  /**
   * One header field, name {@code [line, colon)} and trimmed value {@code [valueFrom, valueTo)};
   * {@code next} is where the following line starts. COMPLETE or an error status.
   */
  abstract int header(ByteBuf buf, int line, int colon, int valueFrom, int valueTo, int next);

  /** The status for a start line over the limit. */
  abstract int startLineTooLong();

  /** The status for header fields over the limit. */
  abstract int fieldsTooLarge();

  /** The status for a malformed message. */
  abstract int malformed();

  /** Leaves the header line {@code [line, next)} out of what {@link #writeKept} writes. */
  final void drop(int line, int next) {
    if (droppedCount * 2 == dropped.length) {
      dropped = Arrays.copyOf(dropped, dropped.length * 2);
    }
    dropped[droppedCount * 2] = line;
    dropped[droppedCount * 2 + 1] = next;
    droppedCount++;
  }

  /**
   * Writes {@code buf}'s bytes from {@code from} up to the empty line that ends the head (not included:
   * the caller adds its own fields before it), less the dropped lines.
   */
  final void writeKept(ByteBuf buf, int from, ByteBuf out) {
    int pos = from;
    for (int i = 0; i < droppedCount; i++) {
      out.writeBytes(buf, pos, dropped[i * 2] - pos);
      pos = dropped[i * 2 + 1];
    }
    int last = buf.getByte(end - 2) == '\r' ? end - 2 : end - 1;
    if (last > pos) {
      out.writeBytes(buf, pos, last - pos);
    }
  }

  final int fail(int status, String why) {
    error = why;
    return status;
  }

  private int field(ByteBuf buf, int line, int lineEnd, int next) {
    byte first = buf.getByte(line);
    if (first == ' ' || first == '\t') {
      return fail(malformed(), "folded header line");
    }
    int colon = buf.indexOf(line, lineEnd, (byte) ':');
    if (colon <= line) {
      return fail(malformed(), "header line without a name and a colon");
    }
    for (int i = line; i < colon; i++) {
      if (!TOKEN[buf.getByte(i) & 0xff]) {
        return fail(malformed(), "invalid character in a header name");
      }
    }
    int vs = colon + 1;
    int ve = lineEnd;
    while (vs < ve && isSpace(buf.getByte(vs))) {
      vs++;
    }
    while (ve > vs && isSpace(buf.getByte(ve - 1))) {
      ve--;
    }
    for (int i = vs; i < ve; i++) {
      int c = buf.getByte(i) & 0xff;
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return fail(malformed(), "control character in a header value");
      }
    }
    return header(buf, line, colon, vs, ve, next);
  }

  static boolean isToken(byte b) {
    return TOKEN[b & 0xff];
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  /** Whether the name {@code [from, to)} is {@code lower} (given in lower case), ignoring case. */
  static boolean nameIs(ByteBuf buf, int from, int to, byte[] lower) {
    if (to - from != lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      byte c = buf.getByte(from + i);
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != lower[i]) {
        return false;
      }
    }
    return true;
  }

  /** The fields the framing and keep-alive depend on, common to requests and responses. */
  final int framingHeader(ByteBuf buf, int line, int colon, int vs, int ve) {
    if (nameIs(buf, line, colon, Names.CONTENT_LENGTH)) {
      long n = digits(buf, vs, ve);
      if (n < 0 || contentLength >= 0 && contentLength != n) {
        return fail(malformed(), "invalid Content-Length");
      }
      contentLength = n;
    } else if (nameIs(buf, line, colon, Names.TRANSFER_ENCODING)) {
      transferEncoding = true;
      chunked = lastTokenIs(buf, vs, ve, Names.CHUNKED);
    } else if (nameIs(buf, line, colon, Names.CONNECTION)) {
      connectionTokens(buf, vs, ve);
    }
    return COMPLETE;
  }

  private void connectionTokens(ByteBuf buf, int vs, int ve) {
    int i = vs;
    while (i < ve) {
      int comma = buf.indexOf(i, ve, (byte) ',');
      int te = comma < 0 ? ve : comma;
      int ts = i;
      while (ts < te && isSpace(buf.getByte(ts))) {
        ts++;
      }
      int tend = te;
      while (tend > ts && isSpace(buf.getByte(tend - 1))) {
        tend--;
      }
      if (nameIs(buf, ts, tend, Names.CLOSE)) {
        connectionClose = true;
      } else if (nameIs(buf, ts, tend, Names.KEEP_ALIVE)) {
        connectionKeepAlive = true;
      } else if (nameIs(buf, ts, tend, Names.UPGRADE)) {
        connectionUpgrade = true;
      } else if (tend > ts) {
        connectionOther = true;
      }
      i = te + 1;
    }
  }

  private static boolean lastTokenIs(ByteBuf buf, int vs, int ve, byte[] token) {
    int comma = buf.indexOf(ve, vs, (byte) ',');  // backwards: the last comma
    int ts = comma < 0 ? vs : comma + 1;
    while (ts < ve && isSpace(buf.getByte(ts))) {
      ts++;
    }
    return nameIs(buf, ts, ve, token);
  }

  /** A non-negative decimal of at most 18 digits, or -1. */
  static long digits(ByteBuf buf, int from, int to) {
    if (from >= to || to - from > 18) {
      return -1;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      byte c = buf.getByte(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** {@code HTTP/1.0} or {@code HTTP/1.1} at {@code [from, from + 8)}: its minor version, else -1. */
  static int version(ByteBuf buf, int from, int to) {
    if (to - from != 8 || !nameIs(buf, from, from + 7, Names.HTTP_1_)) {
      return -1;
    }
    byte minor = buf.getByte(from + 7);
    return minor == '0' ? 0 : minor == '1' ? 1 : -1;
  }
}
