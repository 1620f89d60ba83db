package io.jrack.runtime.resource;

import io.jrack.discovery.ResourceEndpoint;
import io.jrack.runtime.RuntimeFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * memcached from the machine's binary. It has no password to set (SASL needs a build option most
 * packages lack), so it listens on loopback only, like the internal endpoints of services.
 */
final class MemcachedRecipe implements ServerRecipe {
  private static final int MEMORY_MB = 64;

  @Override
  public List<String> types() {
    return List.of("memcached");
  }

  @Override
  public Installation find(Path bundleDir) throws RuntimeFailure {
    return Binaries.require("memcached", Binaries.USUAL, "-V",
        "memcached is not installed: memcached was not found on PATH (install the Debian package memcached, or Homebrew's memcached)");
  }

  @Override
  public boolean keepsData() {
    return false;
  }

  @Override
  public void initialise(Installation install, Path dir, ResourceEndpoint endpoint, Path shared) {
    // Never called: nothing to keep.
  }

  @Override
  public List<String> command(Installation install, Path dir, ResourceEndpoint endpoint) {
    List<String> argv = new ArrayList<>(List.of(install.program("memcached").toString(),
        "-l", "127.0.0.1", "-p", Integer.toString(endpoint.port()), "-U", "0", "-m", Integer.toString(MEMORY_MB)));
    if (Unprivileged.root()) {
      argv.addAll(List.of("-u", "root")); // memcached asks to be told which user to run as when root
    }
    return ChildEnvironment.wrap(argv);
  }

  @Override
  public boolean ready(Path dir, ResourceEndpoint endpoint) {
    return new String(Probe.exchange(endpoint.port(), "version\r\n", 128, 1), StandardCharsets.UTF_8).startsWith("VERSION");
  }
}
