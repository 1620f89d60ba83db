package io.jrack.runtime.resource;

import io.jrack.files.PrivateFiles;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.runtime.resource.ServerRecipe.Installation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A new PostgreSQL cluster made once per rack and installation, which every new database is copied
 * from. {@code initdb} costs ~1.5 s of CPU, and a first deploy runs it while the app's JVMs compile
 * on the same cores; a copy and one single-user statement cost a fraction of that.
 *
 * <p>The cluster's superuser ({@link #SUPERUSER}) is not the app's role: the app's role owns its
 * database and its public schema, and nothing more. The superuser's password is random and thrown
 * away, and pg_hba.conf refuses it. Each copy gets the resource's password
 * before any server listens on it, as a SCRAM-SHA-256 verifier computed here: the password itself
 * never reaches PostgreSQL, a command line or a log, and PostgreSQL is told not to echo statements
 * into its output even on error. Copies share the template's system identifier, which only
 * replication between two of them would notice.
 */
final class PostgresTemplate {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** PostgreSQL's own default for the verifiers it computes. */
  private static final int SCRAM_ITERATIONS = 4096;
  /**
   * The cluster's superuser, made by initdb with a random password that is thrown away; the app's
   * role is another, which owns its database and nothing else (no COPY ... PROGRAM, no server files).
   */
  static final String SUPERUSER = "jrack";
  /**
   * Part of a template's key: templates made before the app's role stopped being the superuser
   * (no layout) are never copied again.
   */
  private static final String LAYOUT = "app-role-not-superuser";
  /**
   * Only TCP on loopback, only with a password, never as the superuser (which has no password
   * anyone knows, and is refused first in case it ever had one).
   */
  private static final String HBA = String.join("\n",
      "# jrack: the superuser never logs in over the network; other roles with their SCRAM password.",
      "host all " + SUPERUSER + " 0.0.0.0/0 reject",
      "host all " + SUPERUSER + " ::/0 reject",
      "host all all 127.0.0.1/32 scram-sha-256",
      "host all all ::1/128 scram-sha-256",
      "");
  /** One lock per template directory: a background preparation and a deploy may want the same one. */
  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private PostgresTemplate() {}

  /**
   * The template's data directory under {@code shared} for this installation, role and database,
   * made first when missing (a caller arriving while another makes it waits for that one).
   */
  static Path ensure(Installation install, Path shared, String user, String database) throws RuntimeFailure {
    if (user.equals(SUPERUSER)) {
      throw new RuntimeFailure("PostgreSQL: role " + user + " (expected: any name but " + SUPERUSER + ", the cluster's own superuser)");
    }
    Path dir = shared.resolve("template").resolve("postgres-" + key(install, user, database));
    Path data = dir.resolve("data");
    synchronized (LOCKS.computeIfAbsent(dir, d -> new Object())) {
      if (Files.isDirectory(data)) {
        return data;
      }
      Path scratch = dir.resolve("data.new");
      Path pwfile = dir.resolve("initdb.pw");
      try {
        createPrivateDirectories(dir);
        Scratch.clear(scratch);
        PrivateFiles.write(pwfile, randomPassword() + "\n");
        SetupCommand.run("initdb", Unprivileged.wrap(List.of(install.program("initdb").toString(),
            "-D", scratch.toString(), "-U", SUPERUSER, "--pwfile=" + pwfile, "--auth=scram-sha-256",
            "-E", "UTF8", "--locale=C")), dir, null);
        String role = quote(user);
        single(install, scratch, dir, "postgres",
            "CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
            "CREATE DATABASE " + quote(database) + " OWNER " + role);
        // Before PostgreSQL 15 the public schema belongs to the superuser; the app's role owns it here.
        single(install, scratch, dir, database, "ALTER SCHEMA public OWNER TO " + role);
        Files.writeString(scratch.resolve("pg_hba.conf"), HBA);
        Files.move(scratch, data);
        return data;
      } catch (IOException e) {
        throw new RuntimeFailure("PostgreSQL template in " + dir + ": " + e.getMessage());
      } finally {
        try {
          Files.deleteIfExists(pwfile);
        } catch (IOException e) {
          // 0600 in a 0700 directory, and a password pg_hba.conf refuses anyway.
        }
      }
    }
  }

  /** Copies {@code template} to {@code target} (which must not exist) and gives its role {@code password}. */
  static void copy(Installation install, Path template, Path target, String user, String password) throws RuntimeFailure {
    try {
      copyTree(template, target);
      single(install, target, target.getParent(), "postgres", "ALTER ROLE " + quote(user) + " PASSWORD '" + scramVerifier(password) + "'");
    } catch (IOException e) {
      throw new RuntimeFailure("PostgreSQL copy of " + template + ": " + e.getMessage());
    }
  }

  /**
   * Statements in single-user mode on {@code database}: no server listens, and no other process
   * sees the data yet. exit_on_error makes a failed statement fail the command (it would exit 0);
   * log_min_error_statement keeps the statement out of the output an error would otherwise echo.
   * With -j a statement ends at a semicolon followed by an empty line.
   */
  private static void single(Installation install, Path data, Path workDir, String database, String... statements) throws RuntimeFailure {
    SetupCommand.run("postgres --single", Unprivileged.wrap(List.of(install.program("postgres").toString(),
        "--single", "-D", data.toString(), "-c", "exit_on_error=on", "-c", "log_min_error_statement=panic",
        "-j", database)), workDir, String.join(";\n\n", statements) + ";\n\n");
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /**
   * Directories are made 0700 and files keep their mode (a copy is created with its source's), as
   * PostgreSQL refuses a data directory others can read.
   */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectory(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /**
   * Flushes a copied data directory to disk, in the background. PostgreSQL does not sync a cluster
   * that was shut down cleanly when it starts, so the copy's files would otherwise wait for the
   * kernel's write-back (~30 s); syncing them inline costs 0.5-2.5 s of waiting on this machine's
   * disk, almost no CPU, and the server can start meanwhile (an fsync covers a file whoever wrote it).
   */
  static void flushInBackground(Path data) {
    Thread.ofVirtual().name("postgres-copy-sync").start(() -> {
      try (Stream<Path> walk = Files.walk(data)) {
        for (Path p : walk.toList()) {
          try (FileChannel c = FileChannel.open(p, Files.isDirectory(p) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            c.force(true);
          } catch (IOException e) {
            // Gone since (the server removes temporary files) or not openable: nothing to flush.
          }
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // The directory went away (the app was deleted): nothing to flush either.
      }
    });
  }

  /**
   * The verifier PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802 and 7677, as its own
   * scram_build_secret): PBKDF2 over the password with a random salt, then the stored and server keys.
   * Our passwords are ASCII letters and digits, which SASLprep leaves as they are.
   */
  static String scramVerifier(String password) {
    try {
      byte[] salt = new byte[16];
      RANDOM.nextBytes(salt);
      byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, SCRAM_ITERATIONS, 256)).getEncoded();
      byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
      byte[] serverKey = hmac(salted, "Server Key");
      Base64.Encoder b64 = Base64.getEncoder();
      return "SCRAM-SHA-256$" + SCRAM_ITERATIONS + ":" + b64.encodeToString(salt) + "$"
          + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256 or HmacSHA256", e);
    }
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Another installation (an upgrade, the bundled one) or other names get a template of their own. */
  private static String key(Installation install, String user, String database) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          String.join("\n", install.binDir().toString(), install.version(), user, database, LAYOUT).getBytes(StandardCharsets.UTF_8));
      return install.version().replaceAll("[^0-9A-Za-z.]", "_") + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomPassword() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      if (dir.getParent() != null) {
        createPrivateDirectories(dir.getParent());
      }
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
  }
}
