package io.jrack.api;

import io.javalin.http.Context;
import io.jrack.rack.LogOptions;
import io.jrack.rack.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /apps/{app}/logs}: log lines as {@code text/plain}, one per line. A follower's stream
 * carries an empty line after {@link #HEARTBEAT} without one, because only a write tells a client
 * that went away from one that waits: the write that fails ends the follow, so a disconnected
 * follower is gone within about two heartbeats rather than at the app's next line.
 */
final class LogStream {
  static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(LogStream.class);

  private final OutputStream out;
  private final ReentrantLock writing = new ReentrantLock();
  private volatile long lastWrite = System.nanoTime();

  private LogStream(OutputStream out) {
    this.out = out;
  }

  static void serve(Provider provider, Context ctx) throws IOException {
    String app = ctx.pathParam("name");
    provider.appGet(app);
    LogOptions options = new LogOptions(since(ctx.queryParam("since")), Boolean.parseBoolean(ctx.queryParam("follow")));
    ctx.status(200).contentType("text/plain; charset=utf-8");
    LogStream stream = new LogStream(ctx.res().getOutputStream());
    Thread heartbeat = null;
    if (options.follow()) {
      stream.out.flush();
      Thread reader = Thread.currentThread();
      heartbeat = Thread.ofVirtual().name("log-heartbeat-" + app).start(() -> stream.beat(reader));
    }
    try {
      provider.logs(app, options, stream::write);
    } catch (UncheckedIOException e) {
      LOG.debug("log follower of {} disconnected", app);
    } finally {
      if (heartbeat != null) {
        heartbeat.interrupt();
        joinUninterruptibly(heartbeat);
        // The heartbeat may have interrupted this thread to end the follow; that is done now.
        Thread.interrupted();
      }
    }
  }

  /** {@code since}: an ISO-8601 duration; one reaching before 1970 means everything kept. */
  static Duration since(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    Duration d;
    try {
      d = Duration.parse(s);
    } catch (DateTimeParseException e) {
      throw new ApiServer.BadInput("since: \"" + s + "\" (expected: an ISO-8601 duration like PT10M)");
    }
    if (d.isNegative()) {
      throw new ApiServer.BadInput("since: \"" + s + "\" (expected: a duration that is not negative, like PT10M)");
    }
    return d;
  }

  private void write(String line) {
    writing.lock();
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      lastWrite = System.nanoTime();
    } catch (IOException e) {
      // The client went away: stop following.
      throw new UncheckedIOException(e);
    } finally {
      writing.unlock();
    }
  }

  /** Until interrupted: an empty line when the stream was quiet for a heartbeat; a failed one interrupts {@code reader}. */
  private void beat(Thread reader) {
    try {
      while (true) {
        Thread.sleep(HEARTBEAT);
        if (System.nanoTime() - lastWrite < HEARTBEAT.toNanos() || !writing.tryLock()) {
          continue; // Lines flow, or one is being written: that write will fail if the client left.
        }
        try {
          out.write('\n');
          out.flush();
          lastWrite = System.nanoTime();
        } catch (IOException e) {
          reader.interrupt();
          return;
        } finally {
          writing.unlock();
        }
      }
    } catch (InterruptedException e) {
      // The stream ended.
    }
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
