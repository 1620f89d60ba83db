package io.jrack.router;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exceptions that reach the end of a connection's pipeline other than a peer going away: a bug in the
 * router (a NullPointerException, a state it did not expect). The connection is closed either way; these
 * are counted, and logged with their stack trace at most once per interval (a bug hit by every request
 * must not flood the log), saying how many were not logged since.
 */
final class UnexpectedErrors {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrors.class);

  private final long intervalNanos;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong notLogged = new AtomicLong();
  /** When the next one may be logged (nanoTime); the first one always is. */
  private final AtomicLong nextLog;

  UnexpectedErrors(Duration interval) {
    this.intervalNanos = interval.toNanos();
    this.nextLog = new AtomicLong(System.nanoTime());
  }

  /** Counts and maybe logs {@code cause}, caught on a connection to {@code peer} (a client or a backend). */
  void caught(String side, SocketAddress peer, Throwable cause) {
    if (ordinary(cause)) {
      return;
    }
    count.incrementAndGet();
    long now = System.nanoTime();
    long next = nextLog.get();
    if (now - next >= 0 && nextLog.compareAndSet(next, now + intervalNanos)) {
      long skipped = notLogged.getAndSet(0);
      LOG.error("router: unexpected error on a {} connection ({}), which was closed{}", side, peer,
          skipped == 0 ? "" : " (" + skipped + " more since the last one logged)", cause);
    } else {
      notLogged.incrementAndGet();
    }
  }

  long count() {
    return count.get();
  }

  /**
   * A peer going away or speaking something else: a reset, a broken pipe, a closed channel, HTTP/2 it
   * got wrong (answered with RST_STREAM or GOAWAY by Netty's codec), a TLS
   * handshake that failed or bytes that are not TLS ({@link DecoderException}s of the TLS handler).
   * A DecoderException around anything else is a handler's own exception, wrapped by the TLS handler
   * that called it.
   */
  static boolean ordinary(Throwable cause) {
    Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    return t instanceof IOException || t instanceof DecoderException || t instanceof Http2Exception;
  }
}
