package io.jrack.runtime.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads what a process prints, line by line, handing each line on and keeping the last few, which
 * a failed start quotes to the user.
 */
public final class OutputTail {
  private final int kept;
  private final Deque<String> lines = new ArrayDeque<>();

  public OutputTail(int kept) {
    this.kept = kept;
  }

  /** Reads {@code in} until it closes, on its own thread, passing every line to {@code sink}. */
  public void follow(InputStream in, String threadName, Consumer<String> sink) {
    // A platform thread: a pipe read blocks in the kernel, which would pin a virtual thread's carrier.
    Thread.ofPlatform().daemon().name(threadName).start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            lines.addLast(line);
            if (lines.size() > kept) {
              lines.removeFirst();
            }
          }
          sink.accept(line);
        }
      } catch (IOException e) {
        // The process closed its output: nothing more to read.
      }
    });
  }

  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }
}
