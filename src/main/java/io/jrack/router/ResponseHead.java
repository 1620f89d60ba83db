package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A response's head as the router reads it: the status, the version, the body's framing and the
 * backend's keep-alive fields. The head goes to the client as the backend sent it unless the
 * connection fields must change (see {@link #passesAsIs}), in which case {@link #rewrite} copies it
 * without them.
 */
final class ResponseHead extends MessageHead {
  private static final byte[] HTTP_1_1 = Names.bytes("HTTP/1.1");
  private static final byte[] KEEP_ALIVE = Names.bytes("Connection: keep-alive\r\n\r\n");
  private static final byte[] CLOSE = Names.bytes("Connection: close\r\n\r\n");

  int status;
  /** A Keep-Alive or Proxy-Connection field: about the backend's connection, not the client's. */
  private boolean hopFields;

  @Override
  boolean bareLineFeedAllowed() {
    return true;
  }

  @Override
  void reset() {
    status = 0;
    hopFields = false;
  }

  @Override
  int startLine(ByteBuf buf, int from, int to) {
    int minor = version(buf, from, Math.min(to, from + 8));
    if (minor < 0 || to - from < 12 || buf.getByte(from + 8) != ' ' || to - from > 12 && buf.getByte(from + 12) != ' ') {
      return fail(502, "invalid status line");
    }
    long code = digits(buf, from + 9, from + 12);
    if (code < 100 || code > 999) {
      return fail(502, "invalid status code");
    }
    minorVersion = minor;
    status = (int) code;
    return COMPLETE;
  }

  @Override
  int header(ByteBuf buf, int line, int colon, int vs, int ve, int next) {
    int result = framingHeader(buf, line, colon, vs, ve);
    if (result != COMPLETE) {
      return result;
    }
    boolean keepAliveField = nameIs(buf, line, colon, Names.KEEP_ALIVE) || nameIs(buf, line, colon, Names.PROXY_CONNECTION);
    if (keepAliveField || nameIs(buf, line, colon, Names.CONNECTION)) {
      hopFields |= keepAliveField;
      // Connection-specific: left out by rewrite.
      drop(line, next);
    }
    return result;
  }

  /** 1xx other than 101: more heads follow before the response proper. */
  boolean interim() {
    return status >= 100 && status < 200 && status != 101;
  }

  /** How this response's body is delimited (RFC 9112 section 6.3), for a request with method HEAD or not. */
  BodyFraming.Kind framing(boolean headRequest) {
    if (headRequest || status < 200 || status == 204 || status == 304) {
      return BodyFraming.Kind.NONE;
    }
    if (transferEncoding) {
      return chunked ? BodyFraming.Kind.CHUNKED : BodyFraming.Kind.UNTIL_CLOSE;
    }
    return contentLength >= 0 ? BodyFraming.Kind.LENGTH : BodyFraming.Kind.UNTIL_CLOSE;
  }

  /** Whether the backend connection may carry another request after this response. */
  boolean reusable(BodyFraming.Kind framing) {
    return framing != BodyFraming.Kind.UNTIL_CLOSE && (minorVersion == 1 ? !connectionClose : connectionKeepAlive);
  }

  /**
   * Whether the head can go to the client byte for byte: an HTTP/1.1 response to a keep-alive HTTP/1.1
   * client, with no field that would tell the client otherwise (a {@code Connection: keep-alive}, as
   * nginx sends, is true of the client's connection too).
   */
  boolean passesAsIs(boolean clientKeepAlive, int clientMinor) {
    if (interim() || status == 101) {
      return true;
    }
    return clientKeepAlive && clientMinor == 1 && minorVersion == 1 && !hopFields && !connectionClose && !connectionOther;
  }

  /** The head as HTTP/1.1, without the backend's connection fields and with the client's. */
  ByteBuf rewrite(ByteBuf buf, boolean clientKeepAlive, ByteBufAllocator alloc) {
    ByteBuf out = alloc.ioBuffer(end - start + 32);
    out.writeBytes(HTTP_1_1);
    writeKept(buf, start + 8, out);
    // The empty line that ends the head comes with the Connection field.
    out.writeBytes(clientKeepAlive ? KEEP_ALIVE : CLOSE);
    return out;
  }

  @Override
  int startLineTooLong() {
    return fail(502, "status line too long");
  }

  @Override
  int fieldsTooLarge() {
    return 502;
  }

  @Override
  int malformed() {
    return 502;
  }

  @Override
  public String toString() {
    return "HTTP/1." + minorVersion + " " + status + (error == null ? "" : " (" + error + ")");
  }
}
