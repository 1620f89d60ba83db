package io.jrack.rack.embedded;

import io.jrack.runtime.LineSplitter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;

/**
 * An app's log files as they were at one moment (opened, with their lengths then), read later
 * without any lock: a rotation or a delete meanwhile does not disturb an open file.
 */
final class LogHistory implements AutoCloseable {
  /** A line as written: time, source, then text of up to {@link LineSplitter#MAX_LINE_BYTES} and a cut marker. */
  private static final int MAX_LINE_BYTES = 2 * LineSplitter.MAX_LINE_BYTES;

  private final List<FileChannel> files;
  private final List<Long> lengths;

  LogHistory(List<FileChannel> files, List<Long> lengths) {
    this.files = files;
    this.lengths = lengths;
  }

  /** Passes every line logged at or after {@code from}, oldest first. */
  void read(Instant from, Consumer<String> sink) throws IOException {
    Consumer<String> filtered = Instant.EPOCH.equals(from) ? sink : line -> {
      if (!timeOf(line).isBefore(from)) {
        sink.accept(line);
      }
    };
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    for (int i = 0; i < files.size(); i++) {
      LineSplitter lines = new LineSplitter(MAX_LINE_BYTES, filtered);
      FileChannel file = files.get(i);
      long length = lengths.get(i);
      for (long position = 0; position < length; ) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
        int n = file.read(buffer, position);
        if (n < 0) {
          break;
        }
        lines.feed(buffer.array(), 0, n);
        position += n;
      }
      lines.end();
    }
  }

  private static Instant timeOf(String line) {
    int space = line.indexOf(' ');
    try {
      return Instant.parse(space < 0 ? line : line.substring(0, space));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  @Override
  public void close() throws IOException {
    for (FileChannel f : files) {
      f.close();
    }
  }
}
