package io.jrack.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks an {@code Authorization: Basic} header against the rack password. The user name is
 * ignored, as in Convox; the comparison takes the same time whatever the input.
 */
final class BasicAuth {
  private final byte[] expected;

  BasicAuth(String password) {
    this.expected = digest(password);
  }

  boolean accepts(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    String given = colon < 0 ? decoded : decoded.substring(colon + 1);
    // Digests first, so that the compare does not even depend on the length of the guess.
    return MessageDigest.isEqual(expected, digest(given));
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
