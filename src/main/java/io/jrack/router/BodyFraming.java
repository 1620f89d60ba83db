package io.jrack.router;

import io.netty.buffer.ByteBuf;

/**
 * Where one HTTP/1.1 message body ends, found without copying or changing it: the body's bytes are
 * relayed as they came, so only the framing is read: a fixed length, the chunk-size lines and trailer of
 * a chunked body, or nothing to read at all (no body, or a body that ends when the connection does).
 * Reused for every message of a connection: {@link #reset} starts the next one.
 */
final class BodyFraming {
  enum Kind { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

  /** A chunk-size line (size and extensions) or a trailer section longer than this is refused. */
  static final int MAX_FRAMING_LINE = 4096;
  static final int MAX_TRAILERS = 16384;

  private enum Chunk { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER_LINE, END_LF }

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
        } else if (b == '\n') {
          sizeLineDone();
        } else {
          failed = true;
        }
      }
      case EXTENSION -> {
        if (b == '\n') {
          sizeLineDone();
        } else {
          countLine();
        }
      }
      case SIZE_LF -> {
        if (b == '\n') {
          sizeLineDone();
        } else {
          failed = true;
        }
      }
      case DATA_CR -> {
        if (b == '\r') {
          chunk = Chunk.DATA_LF;
        } else if (b == '\n') {
          nextChunk();
        } else {
          failed = true;
        }
      }
      case DATA_LF -> {
        if (b == '\n') {
          nextChunk();
        } else {
          failed = true;
        }
      }
      case TRAILER_START -> {
        if (b == '\r') {
          chunk = Chunk.END_LF;
        } else if (b == '\n') {
          done = true;
        } else {
          chunk = Chunk.TRAILER_LINE;
          countTrailer();
        }
      }
      case TRAILER_LINE -> {
        if (b == '\n') {
          chunk = Chunk.TRAILER_START;
        }
        countTrailer();
      }
      case END_LF -> {
        if (b == '\n') {
          done = true;
        } else {
          failed = true;
        }
      }
      default -> failed = true;
    }
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
