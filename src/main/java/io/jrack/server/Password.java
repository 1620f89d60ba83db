package io.jrack.server;

import io.jrack.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The rack password: {@code CONVOX_PASSWORD} when given, else the one generated on first start
 * and kept in {@code DIR/password} (0600).
 */
final class Password {
  private Password() {}

  static String resolve(Path dir, String given) throws IOException {
    if (given != null && !given.isEmpty()) {
      return given;
    }
    Path file = dir.resolve("password");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    PrivateFiles.write(file, password + "\n");
    return password;
  }
}
