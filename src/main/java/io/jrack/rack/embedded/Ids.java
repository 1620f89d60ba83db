package io.jrack.rack.embedded;

import java.security.SecureRandom;

/**
 * Random names the rack makes: Convox-style ids (a kind letter and ten upper-case letters, {@code
 * RABCDEFGHIJ}) and resource passwords.
 */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Ids() {}

  static String build() {
    return next('B');
  }

  static String release() {
    return next('R');
  }

  /**
   * A resource password: 32 letters and digits (190 bits), which every client library, URL and
   * server config file takes without quoting or escaping.
   */
  static String password() {
    char[] out = new char[32];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
    }
    return new String(out);
  }

  static String next(char kind) {
    char[] out = new char[11];
    out[0] = kind;
    for (int i = 1; i < out.length; i++) {
      out[i] = LETTERS[RANDOM.nextInt(LETTERS.length)];
    }
    return new String(out);
  }
}
