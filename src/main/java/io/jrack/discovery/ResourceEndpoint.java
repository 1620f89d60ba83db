package io.jrack.discovery;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A running resource (database, cache): its URL scheme, address, credentials and database name. */
public record ResourceEndpoint(String scheme, String host, int port, String user, String password, String database) {

  /** {@code postgres://user:pass@127.0.0.1:5432/app}; credentials and path only where present. */
  public String url() {
    StringBuilder out = new StringBuilder(scheme).append("://");
    if (user != null && !user.isEmpty()) {
      out.append(encode(user));
      if (password != null && !password.isEmpty()) {
        out.append(':').append(encode(password));
      }
      out.append('@');
    }
    out.append(host).append(':').append(port);
    if (database != null && !database.isEmpty()) {
      out.append('/').append(encode(database));
    }
    return out.toString();
  }

  /** Reads a URL given by the user, so that {@code _HOST} and the rest agree with it. */
  public static Optional<ResourceEndpoint> parse(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      String user = null;
      String password = null;
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = decode(parts[0]);
        password = parts.length > 1 ? decode(parts[1]) : null;
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      String database = path.startsWith("/") ? decode(path.substring(1)) : decode(path);
      return Optional.of(new ResourceEndpoint(uri.getScheme(), uri.getHost(), uri.getPort(), user, password, database));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    // Never print the password by accident.
    return new ResourceEndpoint(scheme, host, port, user, password == null ? null : "****", database).url();
  }
}
