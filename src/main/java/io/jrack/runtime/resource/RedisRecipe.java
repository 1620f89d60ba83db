package io.jrack.runtime.resource;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.files.PrivateFiles;
import io.jrack.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Redis from the machine's {@code redis-server}. Its settings, password included, go in a private
 * config file rather than on the command line; data is kept with an append-only file fsynced every
 * second plus snapshots, so a restart finds the keys.
 */
final class RedisRecipe implements ServerRecipe {

  @Override
  public List<String> types() {
    return List.of("redis");
  }

  @Override
  public Installation find(Path bundleDir) throws RuntimeFailure {
    return Binaries.require("redis-server", Binaries.USUAL, "--version",
        "Redis is not installed: redis-server was not found on PATH (install the Debian package redis-server, or Homebrew's redis)");
  }

  @Override
  public void initialise(Installation install, Path dir, ResourceEndpoint endpoint, Path shared) throws RuntimeFailure {
    try {
      Files.createDirectories(dir.resolve("data"));
    } catch (IOException e) {
      throw new RuntimeFailure("Redis set-up in " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public List<String> command(Installation install, Path dir, ResourceEndpoint endpoint) throws RuntimeFailure {
    Path conf = dir.resolve("redis.conf");
    String settings = String.join("\n",
        "bind 127.0.0.1",
        "port " + endpoint.port(),
        "protected-mode yes",
        "daemonize no",
        "logfile \"\"",
        "dir \"" + dir.resolve("data") + "\"",
        "appendonly yes",
        "appendfsync everysec",
        "requirepass \"" + endpoint.password() + "\"",
        "");
    try {
      // Written at each start: the port or password may have been restored from the store.
      PrivateFiles.write(conf, settings);
    } catch (IOException e) {
      throw new RuntimeFailure("Redis: could not write " + conf + ": " + e.getMessage());
    }
    return ChildEnvironment.wrap(List.of(install.program("redis-server").toString(), conf.toString()));
  }

  @Override
  public boolean ready(Path dir, ResourceEndpoint endpoint) {
    String reply = new String(Probe.exchange(endpoint.port(),
        "AUTH " + endpoint.password() + "\r\nPING\r\n", 256, 2), StandardCharsets.UTF_8);
    // "-LOADING" while it replays its data; only a PONG after the password is accepted counts.
    return reply.startsWith("+OK") && reply.contains("+PONG");
  }
}
