package io.jrack.rack.embedded;

import java.security.SecureRandom;

/** Convox-style ids: a kind letter and ten upper-case letters ({@code RABCDEFGHIJ}). */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

  private Ids() {}

  static String build() {
    return next('B');
  }

  static String release() {
    return next('R');
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
