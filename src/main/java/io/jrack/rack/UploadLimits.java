package io.jrack.rack;

import java.time.Duration;

/**
 * What one upload to the rack (an app's source, as an object) may cost it: its size and how long it
 * may take to arrive. The API enforces both while it receives, before anything else is locked.
 */
public record UploadLimits(long maxBytes, Duration timeout) {
  /** What a rack that sets none allows. */
  public static final UploadLimits DEFAULT = new UploadLimits(256L << 20, Duration.ofMinutes(10));
}
