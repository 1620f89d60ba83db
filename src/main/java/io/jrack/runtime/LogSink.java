package io.jrack.runtime;

/** Where a runtime sends what processes print, one line at a time. */
public interface LogSink {

  /** {@code source} is {@code <service>/<process-id>}, or {@code system/<part>} for the rack's own lines. */
  void line(String app, String source, String text);
}
