package io.jrack.runtime;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits bytes into lines of at most a fixed number of bytes, with memory bounded by that limit
 * whatever it is fed: a process printing gigabytes without a newline costs one buffer, not the line.
 * A longer line keeps its first bytes (cut on a UTF-8 character boundary) followed by
 * {@link #cutMarker}, and is handed on at once; the rest, up to the next line end, is skipped. Line
 * ends are {@code \n}, {@code \r\n} and a lone {@code \r}, as {@link java.io.BufferedReader#readLine()} has them.
 */
public final class LineSplitter {
  /** The longest line a process's output gives the rack's logs, in bytes of UTF-8. */
  public static final int MAX_LINE_BYTES = 8192;

  private final byte[] line;
  private final Consumer<String> sink;
  private int length;
  private boolean skipping;
  private boolean afterCr;

  public LineSplitter(int maxBytes, Consumer<String> sink) {
    this.line = new byte[maxBytes];
    this.sink = sink;
  }

  /** What a line cut at {@code maxBytes} ends with. */
  public static String cutMarker(int maxBytes) {
    return " ... [line cut at " + maxBytes + " bytes]";
  }

  public void feed(byte[] bytes, int offset, int count) {
    for (int i = offset; i < offset + count; i++) {
      byte b = bytes[i];
      boolean lf = b == '\n';
      if (lf && afterCr) {
        afterCr = false;
        continue;
      }
      afterCr = b == '\r';
      if (lf || afterCr) {
        endLine();
      } else if (skipping) {
        continue;
      } else if (length == line.length) {
        sink.accept(cut(line, length, line.length));
        length = 0;
        skipping = true;
      } else {
        line[length++] = b;
      }
    }
  }

  /** The input ended: hands on a last line that had no line end. */
  public void end() {
    if (length > 0) {
      endLine();
    }
  }

  private void endLine() {
    if (!skipping) {
      sink.accept(new String(line, 0, length, StandardCharsets.UTF_8));
    }
    length = 0;
    skipping = false;
  }

  /** {@code text} when it fits in {@code maxBytes} of UTF-8 (a line this class already cut fits too), else cut with the marker. */
  public static String cut(String text, int maxBytes) {
    if (text.length() <= maxBytes / 3) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String marker = cutMarker(maxBytes);
    if (bytes.length <= maxBytes || (text.endsWith(marker) && bytes.length - marker.length() <= maxBytes)) {
      return text;
    }
    return cut(bytes, bytes.length, maxBytes);
  }

  private static String cut(byte[] bytes, int length, int maxBytes) {
    int end = Math.min(length, maxBytes);
    // Step back over an incomplete multi-byte character rather than print half of it.
    int start = end;
    while (start > 0 && end - start < 3 && (bytes[start - 1] & 0xC0) == 0x80) {
      start--;
    }
    if (start > 0 && start - 1 + sequenceLength(bytes[start - 1]) > end) {
      end = start - 1;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8) + cutMarker(maxBytes);
  }

  private static int sequenceLength(byte lead) {
    int b = lead & 0xFF;
    return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  }
}
