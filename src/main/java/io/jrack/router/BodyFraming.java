package io.jrack.router;

import io.netty.buffer.ByteBuf;

/**
 * Where one HTTP/1.1 message body ends, found without copying or changing it: the body's bytes are
 * relayed as they came, so only the framing is read: a fixed length, the chunk-size lines and trailer of
 * a chunked body, or nothing to read at all (no body, or a body that ends when the connection does).
 * Reused for every message of a connection: {@link #reset} starts the next one.
 *
 * <p>Strict where a backend could read the framing differently (RFC 9112 section 7.1): every line
 * ends with CRLF (a bare LF is an error, not a line end), chunk extensions and trailer fields hold no
 * CR, LF or other control character, and a trailer line is a field ({@code name: value}, no folding).
 * A lenient proxy in front of a strict server is how bodies are smuggled: {@code 5\nhello\n0\n\n}
 * is one whole body to the first and something else to the second.
 */
final class BodyFraming {
  enum Kind { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

  /** A chunk-size line (size and extensions) or a trailer section longer than this is refused. */
  static final int MAX_FRAMING_LINE = 4096;
  static final int MAX_TRAILERS = 16384;

  private enum Chunk { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER_NAME, TRAILER_VALUE, TRAILER_LF, END_LF }

  private Kind kind = Kind.NONE;
  private long remaining;
  private Chunk chunk;
  private boolean sawDigit;
  private long size;
  private int lineBytes;
  private int trailerBytes;
  /** The body's length so far as its framing declares it: Content-Length, or the chunk sizes read. */
  private long declared;
  private boolean done = true;
  private boolean failed;

  void reset(Kind kind, long length) {
    this.kind = kind;
    this.remaining = kind == Kind.LENGTH ? length : 0;
    this.declared = this.remaining;
    this.chunk = Chunk.SIZE;
    this.sawDigit = false;
    this.size = 0;
    this.lineBytes = 0;
    this.trailerBytes = 0;
    this.failed = false;
    this.done = kind == Kind.NONE || kind == Kind.LENGTH && length == 0;
  }

  Kind kind() {
    return kind;
  }

  boolean done() {
    return done;
  }

  /** The framing is broken (a bad chunk size, a missing CRLF, an overlong line); the rest cannot be read. */
  boolean failed() {
    return failed;
  }

  long declared() {
    return declared;
  }

  /**
   * How many of the bytes {@code [from, to)} of {@code buf} belong to this body. Stops at its end
   * ({@link #done}) or at a framing error ({@link #failed}).
   */
  int scan(ByteBuf buf, int from, int to) {
    if (done || failed) {
      return 0;
    }
    switch (kind) {
      case LENGTH -> {
        int n = (int) Math.min(remaining, to - from);
        remaining -= n;
        done = remaining == 0;
        return n;
      }
      case UNTIL_CLOSE -> {
        return to - from;
      }
      case CHUNKED -> {
        return scanChunks(buf, from, to);
      }
      default -> {
        return 0;
      }
    }
  }

  private int scanChunks(ByteBuf buf, int from, int to) {
    int i = from;
    while (i < to && !done && !failed) {
      if (chunk == Chunk.DATA) {
        int n = (int) Math.min(remaining, to - i);
        i += n;
        remaining -= n;
        if (remaining == 0) {
          chunk = Chunk.DATA_CR;
        }
        continue;
      }
      step(buf.getByte(i++));
    }
    return i - from;
  }

  private void step(byte b) {
    switch (chunk) {
      case SIZE -> {
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
          if (size > (Long.MAX_VALUE >> 4)) {
            failed = true;
            return;
          }
          size = size << 4 | digit;
          sawDigit = true;
          countLine();
        } else if (!sawDigit) {
          failed = true;
        } else if (b == ';' || b == ' ' || b == '\t') {
          chunk = Chunk.EXTENSION;
          countLine();
        } else if (b == '\r') {
          chunk = Chunk.SIZE_LF;
        } else {
          failed = true;
        }
      }
      case EXTENSION -> {
        if (b == '\r') {
          chunk = Chunk.SIZE_LF;
        } else if (isControl(b)) {
          failed = true;
        } else {
          countLine();
        }
      }
      case SIZE_LF -> {
        if (expect(b, '\n')) {
          sizeLineDone();
        }
      }
      case DATA_CR -> {
        if (expect(b, '\r')) {
          chunk = Chunk.DATA_LF;
        }
      }
      case DATA_LF -> {
        if (expect(b, '\n')) {
          nextChunk();
        }
      }
      case TRAILER_START -> {
        if (b == '\r') {
          chunk = Chunk.END_LF;
        } else if (MessageHead.isToken(b)) {
          chunk = Chunk.TRAILER_NAME;
          countTrailer();
        } else {
          // Also a folded line (starting with a space) and a line with no name.
          failed = true;
        }
      }
      case TRAILER_NAME -> {
        if (b == ':') {
          chunk = Chunk.TRAILER_VALUE;
          countTrailer();
        } else if (MessageHead.isToken(b)) {
          countTrailer();
        } else {
          failed = true;
        }
      }
      case TRAILER_VALUE -> {
        if (b == '\r') {
          chunk = Chunk.TRAILER_LF;
        } else if (isControl(b)) {
          failed = true;
        } else {
          countTrailer();
        }
      }
      case TRAILER_LF -> {
        if (expect(b, '\n')) {
          chunk = Chunk.TRAILER_START;
        }
      }
      case END_LF -> done = expect(b, '\n');
      default -> failed = true;
    }
  }

  /** Whether {@code b} is the byte the framing requires next; if not, the framing is broken. */
  private boolean expect(byte b, char wanted) {
    failed |= b != wanted;
    return b == wanted;
  }

  /** CTL characters other than HTAB: never part of an extension or a field value. */
  private static boolean isControl(byte b) {
    return b >= 0 && b < 0x20 && b != '\t' || b == 0x7f;
  }

  private void countLine() {
    if (++lineBytes > MAX_FRAMING_LINE) {
      failed = true;
    }
  }

  private void countTrailer() {
    if (++trailerBytes > MAX_TRAILERS) {
      failed = true;
    }
  }

  private void sizeLineDone() {
    declared += size;
    if (declared < 0) {
      failed = true;
      return;
    }
    if (size == 0) {
      chunk = Chunk.TRAILER_START;
    } else {
      remaining = size;
      chunk = Chunk.DATA;
    }
  }

  private void nextChunk() {
    chunk = Chunk.SIZE;
    sawDigit = false;
    size = 0;
    lineBytes = 0;
  }
}
