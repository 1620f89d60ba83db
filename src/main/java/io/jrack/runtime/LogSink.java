package io.jrack.runtime;

/** Where a runtime sends what processes print, one line at a time. */
public interface LogSink {

  /**
   * {@code source} is {@code <service>/<process-id>}, or {@code system/<part>} for the rack's own lines;
   * {@code text} is one line, cut at {@link LineSplitter#MAX_LINE_BYTES} (read output with a {@link LineSplitter}).
   */
  void line(String app, String source, String text);
}
