package io.jrack.router;

import java.nio.charset.StandardCharsets;

/** The header names and tokens the router reads, in lower case, as the bytes they are compared with. */
final class Names {
  static final byte[] HOST = bytes("host");
  static final byte[] CONTENT_LENGTH = bytes("content-length");
  static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
  static final byte[] CONNECTION = bytes("connection");
  static final byte[] KEEP_ALIVE = bytes("keep-alive");
  static final byte[] PROXY_CONNECTION = bytes("proxy-connection");
  static final byte[] TE = bytes("te");
  static final byte[] UPGRADE = bytes("upgrade");
  static final byte[] X_FORWARDED_FOR = bytes("x-forwarded-for");
  static final byte[] X_FORWARDED_PROTO = bytes("x-forwarded-proto");
  static final byte[] X_FORWARDED_PORT = bytes("x-forwarded-port");
  static final byte[] CHUNKED = bytes("chunked");
  static final byte[] CLOSE = bytes("close");
  static final byte[] HTTP_1_ = bytes("http/1.");

  private Names() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
