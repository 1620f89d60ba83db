package io.jrack.runtime.container;

import io.jrack.discovery.Endpoint;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.discovery.ServiceNames;
import io.jrack.manifest.Manifest;
import io.jrack.manifest.Resource;
import io.jrack.manifest.Service;
import io.jrack.rack.ProcessInfo;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.AppRuntime;
import io.jrack.runtime.CommandLines;
import io.jrack.runtime.LogSink;
import io.jrack.runtime.ResourceState;
import io.jrack.runtime.Routing;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.runtime.os.PidFiles;
import io.jrack.runtime.resource.ResourceServers;
import io.jrack.runtime.rollout.InstanceGroup;
import io.jrack.runtime.rollout.RunningApps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each app's active release as containers of its images, on the rack's network. A deploy is
 * the process runtime's ({@link RunningApps}): rolling or stepped within each service's deployment
 * bounds, and rolled back on any failure so that exactly the previous release serves. Resources
 * are the process runtime's servers on loopback, which containers reach through the network's
 * gateway.
 */
public final class ContainerRuntime implements AppRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntime.class);
  static final String LABEL_RACK = "io.jrack.rack";
  static final String LABEL_APP = "io.jrack.app";
  static final String LABEL_SERVICE = "io.jrack.service";
  static final String LABEL_RELEASE = "io.jrack.release";
  static final String LABEL_PROCESS = "io.jrack.process";
  /** Beyond a service's health grace, what starting a container may take (the engine's own start, a cold image). */
  private static final Duration START_SLACK = Duration.ofSeconds(30);

  private final ContainerEngine engine;
  private final String rackId;
  private final LogSink logs;
  private final Clock clock;
  private final ImageBuilds images;
  private final RackNetwork network;
  private final NetworkFence fence;
  private final ResourceServers resources;
  private final RunningApps<ContainerSlot> apps;
  private final Map<String, List<String>> imageCommands = new java.util.concurrent.ConcurrentHashMap<>();
  private final ContainerTimers timers;
  private final AppVolumes volumes;
  private final String rackName;
  private final RackDns dns;
  private final DnsRouting dnsRouting;
  private final OneOffContainers oneOffs;

  /**
   * The runtime of the rack in {@code rackDir}; containers a previous run of the rack left are
   * removed here (recovery deploys the active releases again).
   */
  public ContainerRuntime(Path rackDir, String rackName, ContainerEngine engine, Path storage, Routing routing, LogSink logs, Clock clock)
      throws EngineException {
    this.rackId = rackId(rackDir, rackName);
    this.logs = logs;
    this.clock = clock;
    this.images = new ImageBuilds(engine, new BaseImages(engine, storage), rackName);
    int left = reap(engine);
    if (left > 0) {
      LOG.info("removed {} container(s) left by a previous run of the rack", left);
    }
    this.network = RackNetwork.open(engine, rackId, Map.of(LABEL_RACK, rackId));
    this.rackName = rackName;
    try {
      this.dns = RackDns.start(rackName, network.gateway(), network.subnet());
    } catch (EngineException e) {
      network.close();
      throw e;
    }
    this.dnsRouting = new DnsRouting(routing, dns.records(), this::groups);
    List<Integer> routerPorts = routing == null ? List.of() : routing.internalRouter(gatewayAddress(network.gateway()));
    this.fence = NetworkFence.open(rackId, network.gateway(), routerPorts);
    this.engine = new FencedEngine(engine, fence, network.name(), network.gateway(), new UserRanges(storage, rackId));
    PidFiles pids = new PidFiles(rackDir.resolve("pids"));
    pids.reapOrphans();
    this.resources = new ResourceServers(rackDir.resolve("resources"), logs, pids);
    this.apps = new RunningApps<>(dnsRouting, resources, START_SLACK);
    this.timers = new ContainerTimers(this.engine, logs, clock);
    this.volumes = new AppVolumes(engine, rackId);
    this.oneOffs = new OneOffContainers(this.engine, logs, clock);
    LOG.info("container runtime: {}, network {} (gateway {}, DNS {})", engine.describe(), rackId, network.gateway(), ServiceNames.zone(rackName));
  }

  private static java.net.InetAddress gatewayAddress(String gateway) throws EngineException {
    try {
      return java.net.InetAddress.getByName(gateway);
    } catch (java.net.UnknownHostException e) {
      throw new EngineException("network gateway: \"%s\" (expected: an IP address)".formatted(gateway));
    }
  }

  private List<InstanceGroup<ContainerSlot>> groups(String app) {
    return apps.groups(app);
  }

  /**
   * The container runtime of the rack in {@code rackDir}, on this machine's Podman with the rack's
   * own configuration; fails saying why when the machine cannot run containers.
   */
  public static ContainerRuntime open(Path rackDir, String rackName, Routing routing, LogSink logs, Clock clock) throws RuntimeFailure {
    Path storage = PodmanConfig.defaultStorage();
    PodmanEngine.Availability a = PodmanEngine.detect(PodmanConfig.forRack(rackDir, storage));
    if (a.engine() == null) {
      throw new RuntimeFailure("no container engine: " + a.problem());
    }
    try {
      return new ContainerRuntime(rackDir, rackName, a.engine(), storage, routing, logs, clock);
    } catch (EngineException e) {
      throw new RuntimeFailure("the container runtime could not start: " + e.getMessage());
    }
  }

  /** The rack's network and container label: {@code jrack-<name>-<hash of its directory>}, one per rack on a machine. */
  static String rackId(Path rackDir, String rackName) {
    return "jrack-" + rackName + "-" + Integer.toHexString(rackDir.toAbsolutePath().normalize().toString().hashCode() & 0xffffff);
  }

  private int reap(ContainerEngine engine) throws EngineException {
    List<ContainerEngine.Container> left = engine.list(Map.of(LABEL_RACK, rackId)).stream()
        .filter(c -> c.labels().containsKey(LABEL_PROCESS)).toList();
    left.forEach(c -> engine.remove(c.id()));
    return left.size();
  }

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public List<String> check(Manifest manifest, Path buildDir) {
    return ImageBuilds.check(manifest, buildDir);
  }

  @Override
  public void build(String app, String build, Manifest manifest, Path buildDir, java.util.function.Consumer<String> log) throws RuntimeFailure {
    images.build(app, build, manifest, buildDir, log);
  }

  /** Removes the pruned builds' images. */
  @Override
  public void pruned(String app, List<String> builds) {
    List<String> removed = images.remove(app, builds);
    if (!removed.isEmpty()) {
      logs.line(app, "system/rack", "removed images " + String.join(", ", removed));
    }
  }

  @Override
  public Map<String, ResourceEndpoint> provision(String app, List<Resource> declared, Map<String, ResourceEndpoint> assigned) {
    apps.provision(app, declared, assigned);
    return assigned;
  }

  /** Makes, in the background, what a first resource of each kind would otherwise make during a deploy. */
  public void prepareResources() {
    resources.prepareInBackground();
  }

  @Override
  public List<ResourceState> resourceStates(String app) {
    return resources.states(app);
  }

  /**
   * Rolls the release out as containers of its build's images (see {@link RunningApps#deploy});
   * once it serves, its timers replace the previous release's.
   */
  @Override
  public void deploy(AppRelease release, Path buildDir) throws RuntimeFailure {
    String build = buildDir.getFileName().toString();
    List<ContainerTimers.Job> jobs = new ArrayList<>();
    Map<String, List<io.jrack.dns.ServicePort>> portsBefore = dnsRouting.declare(release.app(), release.manifest());
    try {
      deploy(release, build, jobs);
    } catch (RuntimeFailure e) {
      dnsRouting.restore(release.app(), portsBefore);
      throw e;
    }
    timers.set(release.app(), jobs);
  }

  private void deploy(AppRelease release, String build, List<ContainerTimers.Job> jobs) throws RuntimeFailure {
    apps.deploy(release, changed -> {
      Map<String, ContainerSlot.Spec> specs = new LinkedHashMap<>();
      Map<String, InstanceGroup<ContainerSlot>> next = new LinkedHashMap<>();
      for (Service s : release.manifest().services()) {
        ContainerSlot.Spec spec = spec(release, build, s);
        specs.put(s.name(), spec);
        Runnable onChange = changed.apply(s.name());
        next.put(s.name(), new InstanceGroup<>(s.name(), s.drain(), InstanceGroup.wanted(s), () -> new ContainerSlot(spec, engine, logs, clock, onChange)));
      }
      jobs.addAll(timers(release, specs));
      return next;
    });
  }

  /** Links name the service on the rack's DNS ({@link ServiceNames#endpoint}): the same across redeploys and restarts. */
  @Override
  public Optional<Endpoint> serviceEndpoint(String app, Service service) {
    return ServiceNames.endpoint(rackName, app, service);
  }

  private static List<ContainerTimers.Job> timers(AppRelease release, Map<String, ContainerSlot.Spec> specs) throws RuntimeFailure {
    List<ContainerTimers.Job> jobs = new ArrayList<>();
    for (io.jrack.manifest.Timer t : release.manifest().timers()) {
      ContainerSlot.Spec service = specs.get(t.service());
      if (service == null) {
        throw new RuntimeFailure("timer %s: service %s (expected one of the app's services: %s)".formatted(t.name(), t.service(), String.join(", ", specs.keySet())));
      }
      Schedule schedule;
      try {
        schedule = Schedule.parse(t.schedule());
      } catch (IllegalArgumentException e) {
        throw new RuntimeFailure("timer " + t.name() + ": " + e.getMessage());
      }
      jobs.add(new ContainerTimers.Job(t.name(), schedule, List.of("sh", "-c", t.command()), service, "forbid".equalsIgnoreCase(t.concurrency())));
    }
    return jobs;
  }

  private ContainerSlot.Spec spec(AppRelease release, String build, Service s) throws RuntimeFailure {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : release.environments().getOrDefault(s.name(), Map.of()).entrySet()) {
        env.put(e.getKey(), network.rewrite(e.getValue()));
      }
    } catch (IOException e) {
      throw new RuntimeFailure("service " + s.name() + ": could not relay the rack's loopback to its containers: " + e.getMessage());
    }
    Map<String, String> labels = Map.of(LABEL_RACK, rackId, LABEL_APP, release.app(), LABEL_SERVICE, s.name(), LABEL_RELEASE, release.release(),
        FencedEngine.LABEL_LINKS, String.join(",", s.links().stream().filter(l -> l.isCrossApp()).map(l -> l.app() + "/" + l.service()).toList()));
    List<String> command = s.command() == null ? List.of() : s.command().argv();
    return new ContainerSlot.Spec(release.app(), s.name(), release.release(), images.image(release.app(), build, s), command, env,
        s.hasPort() ? s.port().port() : 0, io.jrack.runtime.process.HealthProtocol.of(s), s.health(), s.terminationGrace(), s.drain(), network.name(), rackId + "-" + release.app(),
        labels, s.scale().cpu() / 1024.0, s.scale().memory(), volumes.mounts(release.app(), s), dns.settings(release.app()));
  }

  @Override
  public void remove(String app) {
    timers.set(app, List.of());
    oneOffs.stopAll(app);
    apps.remove(app);
    volumes.remove(app);
  }

  @Override
  public List<ProcessInfo> processes(String app) {
    List<ProcessInfo> out = new ArrayList<>();
    for (InstanceGroup<ContainerSlot> g : apps.groups(app)) {
      for (ContainerSlot s : g.instances()) {
        if (!s.isStarted()) {
          continue;
        }
        String status = switch (s.status()) {
          case RUNNING -> "running";
          case STARTING -> "starting";
          case UNHEALTHY -> "unhealthy";
          case CRASHED -> "crashed (restarts: " + s.crashes() + ")";
          case STOPPED -> "stopped";
        };
        List<String> command = s.spec().command();
        out.add(new ProcessInfo(s.id(), app, g.service(), status, s.spec().release(), s.started(),
            CommandLines.display(command.isEmpty() ? imageCommand(s.spec().image()) : command), s.host(), s.spec().port()));
      }
    }
    oneOffs.of(app).forEach(r -> out.add(r.info("")));
    return out;
  }

  /** A one-off container of the running release's {@code service}; see {@link OneOffContainers}. */
  @Override
  public ProcessInfo run(String app, String service, String command) throws RuntimeFailure {
    ContainerSlot.Spec spec = apps.active(app, service).flatMap(g -> g.instances().stream().findFirst()).map(ContainerSlot::spec)
        .orElseThrow(() -> new RuntimeFailure("service %s of app %s has no running process here (expected: a service of the running release, scaled above 0)".formatted(service, app)));
    return oneOffs.start(spec, command).info("");
  }

  /** {@code sh -c COMMAND} in the process's container, with the container's own environment. */
  @Override
  public java.util.OptionalInt exec(String app, String processId, String command, boolean tty, java.io.InputStream in, java.io.OutputStream out)
      throws IOException, InterruptedException {
    String container = oneOffs.get(app, processId).map(OneOffContainers.Run::container).orElse(null);
    for (InstanceGroup<ContainerSlot> g : container == null ? apps.groups(app) : List.<InstanceGroup<ContainerSlot>>of()) {
      for (ContainerSlot s : g.instances()) {
        if (s.id().equals(processId)) {
          container = s.container();
        }
      }
    }
    if (container == null) {
      return java.util.OptionalInt.empty();
    }
    try {
      return java.util.OptionalInt.of(engine.attach(container, List.of("sh", "-c", command), tty, in, out));
    } catch (EngineException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** In place: the service's containers are added or drained and removed, every other container runs on. */
  @Override
  public boolean scale(String app, String service, int count) throws RuntimeFailure {
    return apps.scale(app, service, count);
  }

  /** The image's own command (what its containers run without {@code command:}), looked up once per image. */
  private List<String> imageCommand(String image) {
    return imageCommands.computeIfAbsent(image, i -> {
      try {
        List<String> argv = engine.imageCommand(i);
        return argv.isEmpty() ? List.of(i) : argv;
      } catch (EngineException e) {
        LOG.warn("image {}: could not read its command: {}", i, e.getMessage());
        return List.of(i);
      }
    });
  }

  @Override
  public void stop(String app, String processId) {
    java.util.Optional<OneOffContainers.Run> run = oneOffs.get(app, processId);
    if (run.isPresent()) {
      oneOffs.stop(run.get());
      return;
    }
    apps.kill(app, processId);
  }

  @Override
  public void close() {
    // The timers, the containers, then the resource servers they may write to as they stop, then the network.
    timers.close();
    oneOffs.close();
    apps.close();
    dns.close();
    network.close();
    engine.remove(rackId + "-holder");
    fence.close();
  }
}
