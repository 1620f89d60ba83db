package io.jrack.rack;

import java.time.Instant;

/**
 * One app resource, as {@code convox resources} shows it. {@code url} carries the password (the
 * API is behind the rack password, as Convox's is); the CLI masks it unless asked. {@code status}
 * is the server's ({@code running}, {@code starting}, {@code crashed}...), or {@code external}
 * when the app's env gives the URL and the rack runs no server.
 */
public record ResourceInfo(String name, String type, String url, String status, String version, int restarts, Instant started) {

  private static final java.util.regex.Pattern PASSWORD = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^:/@]*):[^@/]*@");

  /** The URL with its password, if any, replaced by {@code ****}; the rest exactly as given. */
  public String maskedUrl() {
    return url == null ? null : PASSWORD.matcher(url).replaceFirst("$1:****@");
  }

  @Override
  public String toString() {
    return "ResourceInfo[%s %s %s %s]".formatted(name, type, maskedUrl(), status);
  }
}
