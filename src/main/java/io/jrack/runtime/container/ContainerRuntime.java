package io.jrack.runtime.container;

import io.jrack.discovery.ResourceEndpoint;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each app's active release as containers of its images, on the rack's network. A deploy is
 * rolling, as on the process runtime: the new release's containers join the router as each turns
 * healthy, beside the old ones; once all are healthy the old ones leave, drain and stop. If any
 * new one fails, the new ones stop and the old ones never stopped serving. Resources are the
 * process runtime's servers on loopback, which containers reach through the network's gateway.
 */
public final class ContainerRuntime implements AppRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntime.class);
  static final String LABEL_RACK = "io.jrack.rack";
  static final String LABEL_APP = "io.jrack.app";
  static final String LABEL_SERVICE = "io.jrack.service";
  static final String LABEL_RELEASE = "io.jrack.release";
  static final String LABEL_PROCESS = "io.jrack.process";

  private final ContainerEngine engine;
  private final String rackId;
  private final Routing routing;
  private final LogSink logs;
  private final Clock clock;
  private final ImageBuilds images;
  private final RackNetwork network;
  private final ResourceServers resources;
  private final Map<String, AppState> apps = new ConcurrentHashMap<>();

  private static final class AppState {
    Map<String, ContainerGroup> active = Map.of();
    List<Routing.Route> routes;
    final Map<String, List<ContainerGroup>> serving = new ConcurrentHashMap<>();
  }

  /**
   * The runtime of the rack in {@code rackDir}; containers a previous run of the rack left are
   * removed here (recovery deploys the active releases again).
   */
  public ContainerRuntime(Path rackDir, String rackName, ContainerEngine engine, Path storage, Routing routing, LogSink logs, Clock clock)
      throws EngineException {
    this.engine = engine;
    this.rackId = rackId(rackDir, rackName);
    this.routing = routing;
    this.logs = logs;
    this.clock = clock;
    this.images = new ImageBuilds(engine, new BaseImages(engine, storage), rackName);
    int left = reap();
    if (left > 0) {
      LOG.info("removed {} container(s) left by a previous run of the rack", left);
    }
    this.network = RackNetwork.open(engine, rackId, Map.of(LABEL_RACK, rackId));
    PidFiles pids = new PidFiles(rackDir.resolve("pids"));
    pids.reapOrphans();
    this.resources = new ResourceServers(rackDir.resolve("resources"), logs, pids);
    LOG.info("container runtime: {}, network {} (gateway {})", engine.describe(), rackId, network.gateway());
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

  private int reap() throws EngineException {
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

  @Override
  public Map<String, ResourceEndpoint> provision(String app, List<Resource> declared, Map<String, ResourceEndpoint> assigned) throws RuntimeFailure {
    resources.provision(app, declared, assigned);
    return assigned;
  }

  @Override
  public List<ResourceState> resourceStates(String app) {
    return resources.states(app);
  }

  @Override
  public void deploy(AppRelease release, Path buildDir) throws RuntimeFailure {
    String app = release.app();
    String build = buildDir.getFileName().toString();
    AppState state = apps.computeIfAbsent(app, a -> new AppState());
    Map<String, ContainerGroup> next = new LinkedHashMap<>();
    for (Service s : release.manifest().services()) {
      next.put(s.name(), new ContainerGroup(spec(release, build, s), s.scale().count(), engine, () -> announce(app, s.name()), logs, clock));
    }
    synchronized (state) {
      next.forEach((service, group) -> state.serving.computeIfAbsent(service, k -> new CopyOnWriteArrayList<>()).add(group));
    }
    routing.publish(app, merged(state.routes, release.routes()));
    Map<String, ContainerGroup> previous = state.active;
    next.values().forEach(ContainerGroup::start);
    String problem = null;
    try {
      for (Service s : release.manifest().services()) {
        problem = next.get(s.name()).awaitHealthy(Duration.ofSeconds(s.health().grace() + 3L * s.health().interval() + 30));
        if (problem != null) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "deploy interrupted";
    }
    if (problem != null) {
      leave(state, app, next);
      if (state.routes == null) {
        routing.unpublish(app);
      } else {
        routing.publish(app, state.routes);
      }
      throw new RuntimeFailure(problem);
    }
    state.active = next;
    state.routes = release.routes();
    routing.publish(app, release.routes());
    leave(state, app, previous);
    resources.retainOnly(app, Set.copyOf(release.manifest().resources().stream().map(Resource::name).toList()));
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
    Map<String, String> labels = Map.of(LABEL_RACK, rackId, LABEL_APP, release.app(), LABEL_SERVICE, s.name(), LABEL_RELEASE, release.release());
    List<String> command = s.command() == null ? List.of() : s.command().argv();
    return new ContainerSlot.Spec(release.app(), s.name(), release.release(), images.image(release.app(), build, s), command, env,
        s.hasPort() ? s.port().port() : 0, s.health(), s.terminationGrace(), s.drain(), network.name(), rackId + "-" + release.app(),
        labels, s.scale().cpu() / 1024.0, s.scale().memory(), List.of());
  }

  private static List<Routing.Route> merged(List<Routing.Route> old, List<Routing.Route> added) {
    Map<String, Routing.Route> out = new LinkedHashMap<>();
    if (old != null) {
      old.forEach(r -> out.put(r.service(), r));
    }
    added.forEach(r -> out.put(r.service(), r));
    return new ArrayList<>(out.values());
  }

  /** Takes groups out of the router, lets their requests finish (up to {@code drain} seconds), then stops them. */
  private void leave(AppState state, String app, Map<String, ContainerGroup> groups) {
    groups.forEach((service, group) -> {
      synchronized (state) {
        List<ContainerGroup> serving = state.serving.get(service);
        if (serving != null) {
          serving.remove(group);
        }
      }
      announce(app, service);
    });
    for (ContainerGroup g : groups.values()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(g.spec().drain()).toNanos();
      for (ContainerSlot s : g.slots()) {
        InetSocketAddress a = s.address();
        while (a != null && routing.inFlight(a) > 0 && System.nanoTime() < deadline) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    stopAll(groups.values());
  }

  private void announce(String app, String service) {
    AppState state = apps.get(app);
    if (state == null) {
      return;
    }
    synchronized (state) {
      List<InetSocketAddress> healthy = new ArrayList<>();
      for (ContainerGroup g : state.serving.getOrDefault(service, List.of())) {
        healthy.addAll(g.healthy());
      }
      routing.backends(app, service, healthy);
    }
  }

  private static void stopAll(Iterable<ContainerGroup> groups) {
    List<Thread> stoppers = new ArrayList<>();
    for (ContainerGroup g : groups) {
      stoppers.add(Thread.ofVirtual().start(g::stop));
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void remove(String app) {
    AppState state = apps.remove(app);
    routing.unpublish(app);
    if (state != null) {
      List<ContainerGroup> all = new ArrayList<>();
      state.serving.values().forEach(all::addAll);
      stopAll(all);
    }
    resources.remove(app);
  }

  @Override
  public List<ProcessInfo> processes(String app) {
    List<ProcessInfo> out = new ArrayList<>();
    AppState state = apps.get(app);
    if (state == null) {
      return out;
    }
    for (List<ContainerGroup> groups : state.serving.values()) {
      for (ContainerGroup g : groups) {
        for (ContainerSlot s : g.slots()) {
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
          List<String> command = g.spec().command();
          out.add(new ProcessInfo(s.id(), app, g.spec().service(), status, g.spec().release(), s.started(),
              command.isEmpty() ? g.spec().image() : CommandLines.display(command), s.host(), g.spec().port()));
        }
      }
    }
    return out;
  }

  @Override
  public void stop(String app, String processId) {
    AppState state = apps.get(app);
    if (state == null) {
      return;
    }
    for (List<ContainerGroup> groups : state.serving.values()) {
      for (ContainerGroup g : groups) {
        for (ContainerSlot s : g.slots()) {
          if (s.id().equals(processId)) {
            s.kill();
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    for (String app : List.copyOf(apps.keySet())) {
      AppState state = apps.remove(app);
      List<ContainerGroup> all = new ArrayList<>();
      state.serving.values().forEach(all::addAll);
      stopAll(all);
    }
    resources.close();
    network.close();
    engine.remove(rackId + "-holder");
  }
}
