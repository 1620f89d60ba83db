package io.jrack.runtime.container;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the rack asks of a container engine: build and keep images, run containers on a network of
 * the rack's, and find them again by label after a restart. Podman implements it by its CLI;
 * Docker Engine can by its own, with the same contract.
 */
public interface ContainerEngine {

  /** {@code podman 4.3.1}, as the rack logs it. */
  String describe();

  /** A Dockerfile build: the context directory, the Dockerfile's name in it, build args and the tag to give. */
  record BuildSpec(Path context, String dockerfile, Map<String, String> args, String tag) {}

  /**
   * Builds an image, each line of the engine's output going to {@code log} as it comes. Fails with
   * the failing step and its last lines of output.
   */
  void build(BuildSpec spec, Consumer<String> log) throws EngineException;

  /** A bind or named volume: {@code source} is a volume name or an absolute host path. */
  record Mount(String source, String target) {}

  /**
   * A container to run detached. {@code command} empty keeps the image's CMD; {@code cpus} 0 and
   * {@code memoryMb} 0 mean no limit; {@code entrypoint} null keeps the image's ENTRYPOINT, empty
   * clears it (a one-off's shell command line runs as it is written).
   */
  record RunSpec(String name, String image, List<String> command, Map<String, String> env, String network,
      Map<String, String> labels, double cpus, int memoryMb, List<Mount> mounts, Dns dns, List<String> entrypoint) {
    // No shorter constructor: a wrapper that forgot dns silently gave containers the host's resolv.conf.
  }

  /**
   * What a container's {@code /etc/resolv.conf} says: the rack's resolver, the search domains that
   * make short names work, and resolver options ({@code ndots:2}).
   */
  record Dns(String server, List<String> search, List<String> options) {}

  /** Starts a container; returns its id. */
  String run(RunSpec spec) throws EngineException;

  /** SIGTERM, then SIGKILL after {@code grace}; the container stays until {@link #remove}. */
  void stop(String id, Duration grace);

  void kill(String id);

  /** Removes a container, stopping it at once if it still runs; a missing one is no error. */
  void remove(String id);

  /** A container as {@link #list} finds it. */
  record Container(String id, String name, String image, Map<String, String> labels, boolean running) {}

  /** The containers (running or not) carrying every given label. */
  List<Container> list(Map<String, String> labels) throws EngineException;

  /** The container's address on {@code network}, while it runs there. */
  Optional<String> address(String id, String network) throws EngineException;

  /** The container's exit code once it has exited, else empty. */
  Optional<Integer> exitCode(String id) throws EngineException;

  /** Output of a running container and its end: see {@link #follow}. */
  interface Follower extends AutoCloseable {
    /** Waits until the container's output ends (it exited or was removed). */
    void await() throws InterruptedException;

    @Override
    void close();
  }

  /** Hands every line the container prints (from its start) to {@code lines}, until it exits. */
  Follower follow(String id, Consumer<String> lines) throws EngineException;

  /** What a command run in a container printed, and its exit code. */
  record ExecResult(int exitCode, String output) {}

  ExecResult exec(String id, List<String> argv, Duration timeout) throws EngineException;

  /**
   * Runs {@code argv} in a running container, attached ({@code convox exec}): {@code in} as its
   * stdin, its stdout and stderr to {@code out} as they come, on a terminal of its own when
   * {@code tty}. Returns its exit code; interrupted, it ends the command. The container needs a
   * {@code sh}.
   */
  int attach(String id, List<String> argv, boolean tty, java.io.InputStream in, java.io.OutputStream out)
      throws EngineException, InterruptedException;

  boolean imageExists(String ref);

  /** What a container of the image runs when given no command: its ENTRYPOINT, then its CMD. */
  List<String> imageCommand(String ref) throws EngineException;

  /** Makes an image from a root filesystem tarball read from {@code rootfs}, with a default command. */
  void importImage(Path rootfs, String tag, List<String> cmd) throws EngineException;

  void tag(String ref, String tag) throws EngineException;

  /** The tags ({@code repository:tag}) the engine holds in {@code repository}. */
  List<String> tags(String repository) throws EngineException;

  /** Removes an image (a tag); a missing one is no error, one still in use stays. */
  void removeImage(String ref);

  /** Removes images no tag or container refers to any more (intermediate build layers). */
  void prune();

  /** A network of the rack's: its subnet (CIDR) and the host's address on it. */
  record Network(String name, String subnet, String gateway) {}

  /**
   * The network, created with {@code labels} if it does not exist; the engine picks a free subnet.
   * The engine's own DNS server stays off it: the rack answers names there itself.
   */
  Network network(String name, Map<String, String> labels) throws EngineException;

  void removeNetwork(String name);

  /**
   * Keeps the host's side of the network up (Podman's bridge and gateway address exist only while
   * a container is on it) with a container {@code name} that does nothing; a no-op where bridges
   * persist (Docker).
   */
  void hold(String name, String network, Map<String, String> labels) throws EngineException;

  /** A named volume, created if it does not exist. */
  void volume(String name, Map<String, String> labels) throws EngineException;

  void removeVolume(String name);

  /** The names of the volumes carrying every given label. */
  List<String> volumes(Map<String, String> labels) throws EngineException;
}
