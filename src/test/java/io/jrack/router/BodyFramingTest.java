package io.jrack.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a body ends, read from its framing alone. The router relays bodies as bytes, so it must end a
 * chunked body exactly where a strict backend would (RFC 9112 section 7.1): every line ends with CRLF,
 * and chunk extensions and trailer fields hold no CR, LF or other control character.
 */
class BodyFramingTest {

  /** The result of scanning {@code text} in one piece, and again one byte at a time (both must agree). */
  record Scan(int consumed, boolean done, boolean failed) {}

  static Scan chunked(String text) {
    Scan whole = scan(text, text.length());
    Scan bytewise = scan(text, 1);
    assertThat(bytewise).as("the same, read one byte at a time").isEqualTo(whole);
    return whole;
  }

  private static Scan scan(String text, int step) {
    BodyFraming f = new BodyFraming();
    f.reset(BodyFraming.Kind.CHUNKED, 0);
    ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    int consumed = 0;
    try {
      while (consumed < buf.writerIndex() && !f.done() && !f.failed()) {
        int n = f.scan(buf, consumed, Math.min(buf.writerIndex(), consumed + step));
        if (n == 0) {
          break;
        }
        consumed += n;
      }
    } finally {
      buf.release();
    }
    return new Scan(consumed, f.done(), f.failed());
  }

  static Scan whole(int consumed) {
    return new Scan(consumed, true, false);
  }

  static boolean refused(String text) {
    return chunked(text).failed();
  }

  @Test
  void aChunkedBodyEndsAfterItsLastChunkAndTrailer() {
    String body = "5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n";
    assertThat(chunked(body)).isEqualTo(whole(body.length()));
    // What follows belongs to the next message.
    assertThat(chunked(body + "GET / HTTP/1.1\r\n\r\n")).isEqualTo(whole(body.length()));
    assertThat(chunked("0\r\n\r\n")).isEqualTo(whole(5));
    assertThat(chunked("A;ext=\"quoted\tvalue\"\r\n0123456789\r\n0\r\n\r\n").done()).isTrue();
  }

  @Test
  void aBareLfIsNotALineEnd() {
    // The example: lenient parsers take it as "hello", strict ones as an error or something else.
    assertThat(refused("5\nhello\n0\n\n")).isTrue();
    assertThat(refused("5\nhello\r\n0\r\n\r\n")).as("after the size").isTrue();
    assertThat(refused("5\r\nhello\n0\r\n\r\n")).as("after the data").isTrue();
    assertThat(refused("5;ext\nhello\r\n0\r\n\r\n")).as("after an extension").isTrue();
    assertThat(refused("0\r\n\n")).as("ending the trailer section").isTrue();
    assertThat(refused("0\r\nX-Trailer: 1\n\r\n")).as("after a trailer field").isTrue();
    assertThat(refused("0\r\nX-Trailer: 1\r\n\n")).as("ending the trailer section after a field").isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r", "\u0000", "\u0001", "\u000b", "\u001f", "\u007f"})
  void controlCharactersInAChunkExtensionAreRefused(String ctl) {
    assertThat(refused("5;a" + ctl + "b\r\nhello\r\n0\r\n\r\n")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r", "\u0000", "\u0001", "\u000b", "\u001f", "\u007f"})
  void controlCharactersInATrailerFieldAreRefused(String ctl) {
    assertThat(refused("0\r\nX-Trailer: a" + ctl + "b\r\n\r\n")).isTrue();
    assertThat(refused("0\r\nX-Tr" + ctl + "ailer: ab\r\n\r\n")).isTrue();
  }

  @Test
  void trailerLinesMustBeFields() {
    assertThat(refused("0\r\nno colon here\r\n\r\n")).isTrue();
    assertThat(refused("0\r\n: no name\r\n\r\n")).isTrue();
    assertThat(refused("0\r\nX-A: 1\r\n folded\r\n\r\n")).as("obsolete line folding").isTrue();
    assertThat(refused("0\r\nX-A : 1\r\n\r\n")).as("space before the colon").isTrue();
    assertThat(chunked("0\r\nX-A: 1\r\nX-B:\t2 3\r\n\r\n").done()).isTrue();
  }

  @Test
  void badSizesAndMissingLineEndsAreRefused() {
    assertThat(refused("zz\r\nhello\r\n0\r\n\r\n")).isTrue();
    assertThat(refused(";ext\r\n")).isTrue();
    assertThat(refused("5\r\nhelloX\r\n0\r\n\r\n")).isTrue();
    assertThat(refused("5\r\nhello\rX0\r\n\r\n")).isTrue();
    assertThat(refused("10000000000000000\r\n")).as("a size over 2^63").isTrue();
    assertThat(refused("5;" + "x".repeat(BodyFraming.MAX_FRAMING_LINE) + "\r\n")).as("an overlong size line").isTrue();
    assertThat(refused("0\r\nX: " + "x".repeat(BodyFraming.MAX_TRAILERS) + "\r\n\r\n")).as("overlong trailers").isTrue();
  }

  @Test
  void aLengthBodyEndsAfterItsLength() {
    BodyFraming f = new BodyFraming();
    f.reset(BodyFraming.Kind.LENGTH, 5);
    ByteBuf buf = Unpooled.copiedBuffer("hel", StandardCharsets.ISO_8859_1);
    assertThat(f.scan(buf, 0, 3)).isEqualTo(3);
    assertThat(f.done()).isFalse();
    buf.release();
    buf = Unpooled.copiedBuffer("lo\r\nGET", StandardCharsets.ISO_8859_1);
    assertThat(f.scan(buf, 0, buf.writerIndex())).isEqualTo(2);
    assertThat(f.done()).isTrue();
    assertThat(f.declared()).isEqualTo(5);
    buf.release();
    f.reset(BodyFraming.Kind.LENGTH, 0);
    assertThat(f.done()).isTrue();
  }
}
