package io.jrack.runtime.process;

import java.security.SecureRandom;

/** Process ids as {@code convox ps} shows them: {@code web-k3x9qa}. */
public final class ProcessIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private ProcessIds() {}

  /** A one-off's ({@code convox run}): {@code web-run-k3x9qa}. */
  public static String run(String service) {
    return next(service + "-run");
  }

  public static String next(String service) {
    char[] out = new char[6];
    for (int i = 0; i < out.length; i++) {
      out[i] = CHARS[RANDOM.nextInt(CHARS.length)];
    }
    return service + "-" + new String(out);
  }
}
