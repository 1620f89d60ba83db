package io.jrack.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** The router's own short plain-text answers (404, 502, 503...), as the bytes that go on the wire. */
final class Responses {
  private Responses() {}

  static ByteBuf plain(int status, String body, boolean keepAlive) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + HttpResponseStatus.valueOf(status).reasonPhrase()
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + bytes.length
        + "\r\nConnection: " + (keepAlive ? "keep-alive" : "close") + "\r\nServer: jrack\r\n\r\n";
    return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), bytes);
  }
}
