package io.jrack.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app directory on the user's machine: its {@code convox.yml}, its name (the directory's, as
 * Convox does) and the variables of its {@code .env} file.
 */
record LocalApp(Path manifestFile, String displayName, String text, String name, Map<String, String> dotEnv) {

  static LocalApp open(String file, String app) {
    Path path = Path.of(file == null ? "convox.yml" : file);
    if (Files.isDirectory(path)) {
      path = path.resolve("convox.yml");
    }
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError("no such file: " + path + " (expected: a convox.yml; use -f FILE to name another)");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new UserError(path + ": not UTF-8 text (expected: a YAML file)");
    } catch (IOException e) {
      throw new UserError("could not read " + path + ": " + e.getMessage());
    }
    Path dir = path.toAbsolutePath().normalize().getParent();
    String name = app != null ? app : defaultAppName(dir);
    return new LocalApp(path, path.toString(), text, name, readDotEnv(dir.resolve(".env")));
  }

  /** The directory's name, lower-cased with anything but letters, digits and dashes made a dash. */
  static String defaultAppName(Path dir) {
    Path name = dir == null ? null : dir.getFileName();
    String raw = name == null ? "app" : name.toString();
    String cleaned = raw.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0)) ? "app-" + cleaned : cleaned;
  }

  static Map<String, String> readDotEnv(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("could not read " + file + ": " + e.getMessage());
    }
    for (String line : lines) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || !t.contains("=")) {
        continue;
      }
      int eq = t.indexOf('=');
      out.put(t.substring(0, eq).strip(), t.substring(eq + 1));
    }
    return out;
  }

  /** KEY=VALUE arguments, with the exact complaint Convox gives for anything else. */
  static Map<String, String> pairs(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new UserError("Key=Value expected: " + a);
      }
      out.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return out;
  }
}
