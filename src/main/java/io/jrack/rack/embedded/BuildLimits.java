package io.jrack.rack.embedded;

import java.time.Duration;
import java.util.Map;

/**
 * What one build may cost the rack, from the rack parameters. Each limit is counted while the
 * bytes flow (never checked after the fact), so a refused source has written at most the limit.
 *
 * @param uploadBytes the gzipped tarball as uploaded ({@code BuildMaxUploadSize})
 * @param unpackedBytes the files it unpacks to ({@code BuildMaxUnpackedSize})
 * @param entries its entries of any kind ({@code BuildMaxFiles})
 * @param uploadTimeout how long the upload may take ({@code BuildUploadTimeout})
 * @param retention builds kept per app ({@code BuildRetention})
 */
record BuildLimits(long uploadBytes, long unpackedBytes, int entries, Duration uploadTimeout, int retention) {
  static final String UPLOAD_SIZE = "BuildMaxUploadSize";
  static final String UNPACKED_SIZE = "BuildMaxUnpackedSize";
  static final String FILES = "BuildMaxFiles";
  static final String UPLOAD_TIMEOUT = "BuildUploadTimeout";
  static final String RETENTION = "BuildRetention";

  /** {@code convox.yml} is read whole and stored with every build and release: it stays small. */
  static final long MANIFEST_BYTES = 1L << 20;

  /** A build's log kept in the store (a huge manifest's diagnostics must not fill it). */
  static final int LOG_CHARS = 1 << 20;

  /** {@code params}: every rack parameter, defaults included (validated when set). */
  static BuildLimits from(Map<String, String> params) {
    return new BuildLimits(
        Long.parseLong(params.get(UPLOAD_SIZE)) << 20,
        Long.parseLong(params.get(UNPACKED_SIZE)) << 20,
        Integer.parseInt(params.get(FILES)),
        Duration.ofSeconds(Long.parseLong(params.get(UPLOAD_TIMEOUT))),
        Integer.parseInt(params.get(RETENTION)));
  }

  /** Sizes as people read them: {@code 400 MB}, or bytes under 10 MB so that "over 1 MB" never reads "1 MB". */
  static String size(long bytes) {
    return bytes >= 10L << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
  }

  static String mb(long bytes) {
    return (bytes >> 20) + " MB";
  }
}
