package io.jrack.manifest;

import java.util.Locale;

/**
 * A {@code links:} entry: {@code api} (a service of this app) or {@code billing/api} (a service of
 * another app on the same rack, resolved at deploy time).
 */
public record Link(String app, String service, Position position) {

  public static Link parse(String raw, Position position) {
    int slash = raw.indexOf('/');
    if (slash < 0) {
      return new Link(null, raw, position);
    }
    return new Link(raw.substring(0, slash), raw.substring(slash + 1), position);
  }

  public boolean isCrossApp() {
    return app != null;
  }

  /** The variable this link injects: {@code my-api} gives {@code MY_API_URL}, {@code billing/api} gives {@code BILLING_API_URL}. */
  public String variable() {
    String base = isCrossApp() ? app + "_" + service : service;
    return envName(base) + "_URL";
  }

  static String envName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String toString() {
    return isCrossApp() ? app + "/" + service : service;
  }
}
