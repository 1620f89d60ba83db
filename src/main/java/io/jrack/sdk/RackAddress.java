package io.jrack.sdk;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI finds its rack, in Convox's order: {@code RACK_URL=http(s)://convox:PASSWORD@HOST:PORT},
 * else {@code CONVOX_HOST} + {@code CONVOX_PASSWORD}, else the local rack that {@code convox rack start}
 * recorded in {@code $JRACK_HOME/current} (default {@code ~/.jrack}).
 */
public record RackAddress(URI url, String password, String source, String caPem) {

  public RackAddress(URI url, String password, String source) {
    this(url, password, source, null);
  }

  /**
   * The rack, with {@code RACK_CA} (a PEM file of the rack's CA, from {@code convox rack ca}) to trust
   * for an https rack; a local rack's own CA is found in its directory.
   */
  public static Optional<RackAddress> resolve(Map<String, String> env) {
    Optional<RackAddress> found = locate(env);
    String caFile = env.get("RACK_CA");
    if (found.isPresent() && caFile != null && !caFile.isBlank()) {
      try {
        RackAddress a = found.get();
        return Optional.of(new RackAddress(a.url(), a.password(), a.source(), Files.readString(Path.of(caFile), StandardCharsets.US_ASCII)));
      } catch (IOException e) {
        throw new IllegalArgumentException("RACK_CA: cannot read " + caFile + ": " + e.getMessage());
      }
    }
    return found;
  }

  private static Optional<RackAddress> locate(Map<String, String> env) {
    String rackUrl = env.get("RACK_URL");
    if (rackUrl != null && !rackUrl.isBlank()) {
      URI uri = URI.create(rackUrl.strip());
      String info = uri.getRawUserInfo();
      String password = info == null ? "" : java.net.URLDecoder.decode(info.contains(":") ? info.substring(info.indexOf(':') + 1) : info, StandardCharsets.UTF_8);
      URI base = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
      return Optional.of(new RackAddress(base, password, "RACK_URL"));
    }
    String host = env.get("CONVOX_HOST");
    if (host != null && !host.isBlank()) {
      String h = host.strip();
      URI base = URI.create(h.contains("://") ? h : "https://" + h);
      return Optional.of(new RackAddress(base, env.getOrDefault("CONVOX_PASSWORD", ""), "CONVOX_HOST"));
    }
    return local(home(env));
  }

  /** {@code $JRACK_HOME}, else {@code ~/.jrack}. */
  public static Path home(Map<String, String> env) {
    String h = env.get("JRACK_HOME");
    return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".jrack");
  }

  /**
   * Reads {@code home/current} ({@link KnownRacks}): {@code url=}, and {@code password=} for a rack
   * logged in to, or {@code dir=} for a local rack, whose password and CA are in its directory.
   */
  static Optional<RackAddress> local(Path home) {
    Optional<KnownRacks.Entry> current = KnownRacks.current(home);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    KnownRacks.Entry e = current.get();
    try {
      if (e.dir() == null) {
        return Optional.of(new RackAddress(URI.create(e.url()), e.password() == null ? "" : e.password(), home.resolve("current").toString(), null));
      }
      Path dir = Path.of(e.dir());
      String password = Files.readString(dir.resolve("password"), StandardCharsets.UTF_8).strip();
      Path ca = dir.resolve("tls").resolve("ca.pem");
      String caPem = Files.isRegularFile(ca) ? Files.readString(ca, StandardCharsets.US_ASCII) : null;
      return Optional.of(new RackAddress(URI.create(e.url()), password, home.resolve("current").toString(), caPem));
    } catch (IOException | RuntimeException ex) {
      return Optional.empty();
    }
  }

  /** Records a local rack as the current one (file mode 0600: it points at the password). */
  public static void recordLocal(Path home, String url, Path dir) throws IOException {
    String name = dir.toAbsolutePath().normalize().getFileName().toString();
    KnownRacks.Entry e = new KnownRacks.Entry(name, url, dir.toAbsolutePath().toString(), null);
    try {
      KnownRacks.record(home, e);
    } catch (IllegalArgumentException invalidName) {
      // A rack directory whose name cannot name a rack is still the current one; it is just not listed.
    }
    KnownRacks.use(home, e);
  }
}
