package io.jrack.runtime.container;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine as the rack's apps use it: every container started on the rack's network gets an
 * address from the {@link NetworkFence}, whose rules for it (what it may reach) are in place before
 * it starts and go when it is removed, and its app's own range of host user ids ({@link UserRanges}).
 * Everything else is the engine's.
 */
final class FencedEngine implements ContainerEngine {
  /** {@code app/service,...}: the other apps' services a container's service links. */
  static final String LABEL_LINKS = "io.jrack.links";
  /** {@code base:size}: the host user ids the container's user namespace maps 0..size-1 to (read by the engine). */
  static final String LABEL_USERNS = "io.jrack.userns";

  private final ContainerEngine engine;
  private final NetworkFence fence;
  private final String network;
  private final Pattern relayed;
  private final UserRanges users;
  private final Map<String, String> addresses = new ConcurrentHashMap<>();

  FencedEngine(ContainerEngine engine, NetworkFence fence, String network, String gateway, UserRanges users) {
    this.engine = engine;
    this.fence = fence;
    this.network = network;
    this.relayed = Pattern.compile("(?<![\\d.])" + Pattern.quote(gateway) + ":(\\d{1,5})\\b");
    this.users = users;
  }

  @Override
  public String run(RunSpec spec) throws EngineException {
    if (!spec.network().equals(network)) {
      return engine.run(spec);
    }
    String app = spec.labels().getOrDefault(ContainerRuntime.LABEL_APP, "");
    String service = spec.labels().getOrDefault(ContainerRuntime.LABEL_SERVICE, "");
    Map<String, String> labels = new HashMap<>(spec.labels());
    if (users != null && !app.isEmpty()) {
      labels.put(LABEL_USERNS, users.range(app));
    }
    Set<Integer> ports = relayPorts(spec.env());
    Set<String> links = new HashSet<>(Arrays.asList(spec.labels().getOrDefault(LABEL_LINKS, "").split(",")));
    links.remove("");
    for (int attempt = 0; ; attempt++) {
      String ip = fence.admit(app, service, ports, links);
      try {
        String id = engine.run(new RunSpec(spec.name(), spec.image(), spec.command(), spec.env(), network + ":ip=" + ip, labels,
            spec.cpus(), spec.memoryMb(), spec.mounts(), spec.dns(), spec.entrypoint()));
        addresses.put(id, ip);
        return id;
      } catch (EngineException e) {
        // Created but not started, it would keep the name.
        engine.remove(spec.name());
        if (attempt < 8 && String.valueOf(e.getMessage()).contains("already allocated")) {
          fence.foreign(ip);
          continue;
        }
        fence.release(ip);
        throw e;
      }
    }
  }

  /** The gateway's ports the container's environment names: what the host relays for it (links, resources). */
  Set<Integer> relayPorts(Map<String, String> env) {
    Set<Integer> out = new HashSet<>();
    for (String value : env.values()) {
      Matcher m = relayed.matcher(value);
      while (m.find()) {
        int port = Integer.parseInt(m.group(1));
        if (port > 0 && port < 65536) {
          out.add(port);
        }
      }
    }
    return out;
  }

  @Override
  public void remove(String id) {
    engine.remove(id);
    String ip = addresses.remove(id);
    if (ip != null) {
      fence.release(ip);
    }
  }

  @Override public String describe() { return engine.describe(); }
  @Override public void build(BuildSpec spec, Consumer<String> log) throws EngineException { engine.build(spec, log); }
  @Override public void stop(String id, Duration grace) { engine.stop(id, grace); }
  @Override public void kill(String id) { engine.kill(id); }
  @Override public List<Container> list(Map<String, String> labels) throws EngineException { return engine.list(labels); }
  @Override public Optional<String> address(String id, String net) throws EngineException { return engine.address(id, net); }
  @Override public Optional<Integer> exitCode(String id) throws EngineException { return engine.exitCode(id); }
  @Override public Follower follow(String id, Consumer<String> lines) throws EngineException { return engine.follow(id, lines); }
  @Override public ExecResult exec(String id, List<String> argv, Duration timeout) throws EngineException { return engine.exec(id, argv, timeout); }
  @Override public int attach(String id, List<String> argv, boolean tty, java.io.InputStream in, java.io.OutputStream out)
      throws EngineException, InterruptedException { return engine.attach(id, argv, tty, in, out); }
  @Override public List<String> imageCommand(String ref) throws EngineException { return engine.imageCommand(ref); }
  @Override public List<String> tags(String repository) throws EngineException { return engine.tags(repository); }
  @Override public boolean imageExists(String ref) { return engine.imageExists(ref); }
  @Override public void importImage(Path rootfs, String tag, List<String> cmd) throws EngineException { engine.importImage(rootfs, tag, cmd); }
  @Override public void tag(String ref, String tag) throws EngineException { engine.tag(ref, tag); }
  @Override public void removeImage(String ref) { engine.removeImage(ref); }
  @Override public void prune() { engine.prune(); }
  @Override public Network network(String name, Map<String, String> labels) throws EngineException { return engine.network(name, labels); }
  @Override public void removeNetwork(String name) { engine.removeNetwork(name); }
  @Override public void hold(String name, String net, Map<String, String> labels) throws EngineException { engine.hold(name, net, labels); }
  @Override public void volume(String name, Map<String, String> labels) throws EngineException { engine.volume(name, labels); }
  @Override public void removeVolume(String name) { engine.removeVolume(name); }
  @Override public List<String> volumes(Map<String, String> labels) throws EngineException { return engine.volumes(labels); }
}
