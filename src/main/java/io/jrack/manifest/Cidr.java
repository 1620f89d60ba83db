package io.jrack.manifest;

import java.util.regex.Pattern;

/** IPv4 CIDR ranges ({@code 10.0.0.0/24}), as used by whitelists and allow lists. */
final class Cidr {
  private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  private Cidr() {}

  static boolean isValid(String text) {
    var m = FORM.matcher(text.strip());
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return Integer.parseInt(m.group(5)) <= 32;
  }

  /** The network this range names, with the host bits cleared: {@code 10.0.0.1/24} gives {@code 10.0.0.0/24}. */
  static String canonical(String text) {
    var m = FORM.matcher(text.strip());
    if (!isValid(text) || !m.matches()) {
      return text;
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      address = (address << 8) | Integer.parseInt(m.group(i));
    }
    int prefix = Integer.parseInt(m.group(5));
    long network = prefix == 0 ? 0 : address & (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return "%d.%d.%d.%d/%d".formatted(network >>> 24, (network >>> 16) & 255, (network >>> 8) & 255, network & 255, prefix);
  }

  /** True when no bits are set after the prefix: {@code 10.0.0.0/24}, not {@code 10.0.0.1/24}. */
  static boolean isCanonical(String text) {
    if (!isValid(text)) {
      return false;
    }
    var m = FORM.matcher(text.strip());
    m.matches();
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      address = (address << 8) | Integer.parseInt(m.group(i));
    }
    int prefix = Integer.parseInt(m.group(5));
    long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
    return (address & hostMask) == 0;
  }
}
