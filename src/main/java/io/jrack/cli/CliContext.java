package io.jrack.cli;

import io.jrack.rack.Provider;
import io.jrack.sdk.RackAddress;
import io.jrack.sdk.RackClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What one run of the CLI works with: the environment it reads (injectable, so tests need not touch
 * the process's own), the directory it runs in, and the rack it talks to (resolved on first use).
 */
public final class CliContext {
  static final String NO_RACK = "no rack found: run 'convox rack start', or set RACK_URL";

  private final Map<String, String> env;
  private final Path cwd;
  private Provider provider;
  private java.io.InputStream stdin = System.in;

  public CliContext(Map<String, String> env, Path cwd) {
    this.env = Map.copyOf(env);
    this.cwd = cwd.toAbsolutePath().normalize();
  }

  /** The process's own environment and working directory. */
  public static CliContext system() {
    return new CliContext(System.getenv(), Path.of(""));
  }

  /** The context of the run a command belongs to (the root command carries it). */
  public static CliContext of(CommandSpec spec) {
    return spec.root().userObject() instanceof ConvoxCommand root ? root.context() : system();
  }

  public Map<String, String> env() {
    return env;
  }

  public Path cwd() {
    return cwd;
  }

  /** Where the rack is, in Convox's order (RACK_URL, CONVOX_HOST, the local rack). */
  public RackAddress address() {
    return RackAddress.resolve(env).orElseThrow(() -> new UserError(NO_RACK));
  }

  /** The rack, over the SDK. */
  public Provider rack() {
    if (provider == null) {
      provider = RackClient.of(address());
    }
    return provider;
  }

  /** What {@code run} and {@code exec} send to the command: the process's stdin unless a test gives another. */
  public java.io.InputStream stdin() {
    return stdin;
  }

  public CliContext withStdin(java.io.InputStream in) {
    this.stdin = in;
    return this;
  }

  /** Talk to this rack from now on (the rack {@code convox start} started in this process). */
  void use(Provider rack) {
    this.provider = rack;
  }

  /** {@code -a APP} if given, else {@code .convox/app} (as Convox reads it), else the directory's name. */
  public String app(String flag) {
    if (flag != null && !flag.isBlank()) {
      return flag.strip();
    }
    Path setting = cwd.resolve(".convox").resolve("app");
    if (Files.isRegularFile(setting)) {
      try {
        String name = Files.readString(setting, StandardCharsets.UTF_8).strip();
        if (!name.isEmpty()) {
          return name;
        }
      } catch (IOException e) {
        // Unreadable setting: fall back to the directory's name, as Convox does.
      }
    }
    return LocalApp.defaultAppName(cwd);
  }

  /** A path argument, relative to this run's directory. */
  public Path resolve(String path) {
    return cwd.resolve(path == null ? "." : path).normalize();
  }
}
