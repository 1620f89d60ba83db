package io.jrack.api;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A command's output onto a Convox socket: text messages (stdapi writes output as text), each flush one
 * message; a UTF-8 character split between two writes waits for its end, so no message cuts one.
 */
final class SocketOutput extends OutputStream {
  private final Consumer<String> out;
  private byte[] buf = new byte[0];

  SocketOutput(Consumer<String> out) {
    this.out = out;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    byte[] joined = Arrays.copyOf(buf, buf.length + len);
    System.arraycopy(b, off, joined, buf.length, len);
    buf = joined;
  }

  @Override
  public void flush() {
    int whole = completeLength(buf);
    if (whole > 0) {
      out.accept(new String(buf, 0, whole, StandardCharsets.UTF_8));
      buf = Arrays.copyOfRange(buf, whole, buf.length);
    }
  }

  @Override
  public void close() {
    if (buf.length > 0) {
      out.accept(new String(buf, StandardCharsets.UTF_8));
      buf = new byte[0];
    }
  }

  /** How many leading bytes end on a character boundary (a trailing, unfinished UTF-8 sequence is left out). */
  static int completeLength(byte[] b) {
    int i = b.length - 1;
    int back = 0;
    while (i >= 0 && back < 3 && (b[i] & 0xC0) == 0x80) {
      i--;
      back++;
    }
    if (i < 0) {
      return b.length;
    }
    int lead = b[i] & 0xff;
    int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return b.length - i >= need ? b.length : i;
  }
}
