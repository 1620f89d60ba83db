package io.jrack.runtime.os;

import io.jrack.runtime.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads what a process prints, line by line, handing each line on and keeping the last few, which
 * a failed start quotes to the user. Lines are cut at {@link LineSplitter#MAX_LINE_BYTES} while
 * reading, so output without newlines costs a fixed buffer, not memory that grows with it.
 */
public final class OutputTail {
  private final int kept;
  private final Deque<String> lines = new ArrayDeque<>();

  public OutputTail(int kept) {
    this.kept = kept;
  }

  /** Reads {@code in} until it closes, on its own thread (returned), passing every line to {@code sink}. */
  public Thread follow(InputStream in, String threadName, Consumer<String> sink) {
    // A platform thread: a pipe read blocks in the kernel, which would pin a virtual thread's carrier.
    return Thread.ofPlatform().daemon().name(threadName).start(() -> {
      LineSplitter splitter = new LineSplitter(LineSplitter.MAX_LINE_BYTES, line -> {
        add(line);
        sink.accept(line);
      });
      byte[] chunk = new byte[8192];
      try (in) {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          splitter.feed(chunk, 0, n);
        }
      } catch (IOException e) {
        // The process closed its output: nothing more to read.
      }
      splitter.end();
    });
  }

  /** Keeps a line that came some other way (an engine's log stream). */
  public void add(String line) {
    synchronized (lines) {
      lines.addLast(line);
      if (lines.size() > kept) {
        lines.removeFirst();
      }
    }
  }

  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }
}
