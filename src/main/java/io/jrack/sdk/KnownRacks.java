package io.jrack.sdk;

import io.jrack.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The racks this machine knows by name ({@code convox racks}, {@code switch}, {@code login}): one file
 * per rack in {@code $JRACK_HOME/racks.d}, private (0600), with its {@code url} and either the {@code dir}
 * of a local rack (whose password file is there) or the {@code password} given at login. The current
 * rack is the one {@code $JRACK_HOME/current} holds, a copy of its file.
 */
public final class KnownRacks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private KnownRacks() {}

  /** A known rack: {@code dir} for a local one, {@code password} for one logged in to. */
  public record Entry(String name, String url, String dir, String password) {}

  public static void record(Path home, Entry e) throws IOException {
    if (!NAME.matcher(e.name()).matches()) {
      throw new IllegalArgumentException("rack name: \"" + e.name() + "\" (expected: letters, digits, . _ -, at most 63)");
    }
    Files.createDirectories(home.resolve("racks.d"));
    PrivateFiles.write(home.resolve("racks.d").resolve(e.name()), text(e));
  }

  /** Makes {@code e} the current rack. */
  public static void use(Path home, Entry e) throws IOException {
    Files.createDirectories(home);
    PrivateFiles.write(home.resolve("current"), text(e));
  }

  public static List<Entry> list(Path home) {
    Path dir = home.resolve("racks.d");
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        read(f).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the known racks in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  public static java.util.Optional<Entry> current(Path home) {
    return read(home.resolve("current"));
  }

  static java.util.Optional<Entry> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
    String name = p.getProperty("name", file.getFileName().toString());
    return p.getProperty("url") == null ? java.util.Optional.empty()
        : java.util.Optional.of(new Entry(name, p.getProperty("url"), p.getProperty("dir"), p.getProperty("password")));
  }

  private static String text(Entry e) {
    Properties p = new Properties();
    p.setProperty("name", e.name());
    p.setProperty("url", e.url());
    if (e.dir() != null) {
      p.setProperty("dir", e.dir());
    }
    if (e.password() != null) {
      p.setProperty("password", e.password());
    }
    java.io.StringWriter w = new java.io.StringWriter();
    try {
      p.store(w, null);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    // Properties.store starts with a date comment: left out, so that the file says only what it holds.
    return w.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
  }
}
