package io.jrack.runtime.rollout;

import io.jrack.runtime.os.StopAll;
import io.jrack.discovery.ResourceEndpoint;
import io.jrack.manifest.Resource;
import io.jrack.runtime.AppRelease;
import io.jrack.runtime.Routing;
import io.jrack.runtime.RuntimeFailure;
import io.jrack.runtime.resource.ResourceServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The apps a supervising runtime runs, each as its active release's instance groups, and the
 * resource servers they use. A runtime says what an instance of a release is ({@link Plan}); this
 * class deploys it (plan, roll out, commit or roll back), removes apps, and stops instances.
 */
public final class RunningApps<I extends Instance> implements AutoCloseable {
  private final Routing routing;
  private final ResourceServers resources;
  private final Duration startSlack;
  private final Map<String, AppInstances<I>> apps = new ConcurrentHashMap<>();
  /** Per app, the resources being started for the release about to be deployed. */
  private final Map<String, Provisioning> provisioning = new ConcurrentHashMap<>();

  /** The resources a release needs (the app's others stop once it runs), and why starting them failed, or null. */
  private record Provisioning(Set<String> names, CompletableFuture<String> outcome) {}

  /** A release's instance groups, made but not started. */
  public interface Plan<I extends Instance> {
    /** {@code changed.apply(service)} is what each instance of the service runs when its health changes. */
    Map<String, InstanceGroup<I>> groups(Function<String, Runnable> changed) throws RuntimeFailure;
  }

  /**
   * {@code startSlack}: time beyond a service's health grace that starting one instance may take on
   * this runtime (a container's start costs more than a process's).
   */
  public RunningApps(Routing routing, ResourceServers resources, Duration startSlack) {
    this.routing = routing;
    this.resources = resources;
    this.startSlack = startSlack;
  }

  /** Starts the app's resource servers in the background; the next {@link #deploy} waits for them. */
  public void provision(String app, List<Resource> declared, Map<String, ResourceEndpoint> assigned) {
    // The servers start (and a new one sets up its data) while the services boot: deploy waits for
    // both and fails if either does. Their addresses are the assigned ones, known now.
    provisioning.put(app, new Provisioning(Set.copyOf(ResourceServers.served(declared, assigned)),
        CompletableFuture.supplyAsync(() -> {
          try {
            resources.provision(app, declared, assigned);
            return null;
          } catch (RuntimeFailure e) {
            return e.getMessage();
          }
        }, command -> Thread.ofVirtual().name("provision-" + app).start(command))));
  }

  /**
   * Plans, rolls out and, on any failure (an instance not healthy, a resource not starting, an
   * endpoint port taken, an interrupt), rolls back: then exactly the previous release serves, and
   * nothing of the new one runs, listens or stays registered.
   */
  public void deploy(AppRelease release, Plan<I> plan) throws RuntimeFailure {
    String app = release.app();
    Provisioning pending = provisioning.remove(app);
    AppInstances<I> state = apps.computeIfAbsent(app, a -> new AppInstances<>(a, routing));
    Deployment<I> deployment;
    try {
      deployment = new Deployment<>(release, state, routing, plan.groups(service -> () -> state.announce(service)), startSlack);
    } catch (RuntimeFailure | RuntimeException e) {
      awaitResources(pending);
      forgetIfEmpty(app, state, pending);
      throw e instanceof RuntimeFailure f ? f : new RuntimeFailure("could not plan the release: " + message(e));
    }
    String problem;
    try {
      problem = deployment.rollOut();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "deploy interrupted";
    } catch (RuntimeException e) {
      problem = "could not run the release: " + message(e);
    }
    // A database that did not start explains a service that did not turn healthy: said first.
    String resourceProblem = awaitResources(pending);
    if (resourceProblem != null) {
      problem = problem == null ? resourceProblem : resourceProblem + "\n" + problem;
    }
    if (problem != null) {
      String left = deployment.rollBack();
      forgetIfEmpty(app, state, pending);
      throw new RuntimeFailure(left == null ? problem : problem + "\n" + left);
    }
    deployment.commit();
    if (pending != null) {
      state.resources = pending.names();
      resources.retainOnly(app, pending.names());
    }
  }

  /** Waits for the resources a deploy asked for; returns why they failed, or null. */
  private static String awaitResources(Provisioning pending) {
    if (pending == null) {
      return null;
    }
    try {
      return pending.outcome().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "deploy interrupted while its resources started";
    } catch (ExecutionException e) {
      return "resources: " + e.getCause();
    }
  }

  /**
   * After a failed deploy: the resource servers started for it alone stop, and an app of which no
   * release ever ran is forgotten.
   */
  private void forgetIfEmpty(String app, AppInstances<I> state, Provisioning pending) {
    if (pending != null) {
      resources.retainOnly(app, state.resources);
    }
    if (state.empty()) {
      apps.remove(app, state);
    }
  }

  /** Every group of the app that runs now, of any release (two during a deploy). */
  public List<InstanceGroup<I>> groups(String app) {
    AppInstances<I> state = apps.get(app);
    return state == null ? List.of() : state.all();
  }

  /**
   * Changes how many instances of the service's running group there are: new ones join the router as
   * each turns healthy (all must within the service's health deadline, else they are stopped and the
   * count stays as it was); removed ones leave the router, their requests finish (the service's
   * drain), then they stop. False when the service does not run here. Callers hold the app's lock,
   * as for deploys.
   */
  public boolean scale(String app, String service, int count) throws RuntimeFailure {
    AppInstances<I> state = apps.get(app);
    InstanceGroup<I> group = state == null ? null : state.active.get(service);
    if (group == null || state.release == null) {
      return false;
    }
    int now = group.size();
    if (count > now) {
      List<I> added = group.grow(count - now);
      String problem;
      try {
        Duration deadline = state.release.manifest().services().stream().filter(s -> s.name().equals(service)).findFirst()
            .map(s -> Duration.ofSeconds(s.health().grace() + 3L * s.health().interval())).orElse(Duration.ofSeconds(60)).plus(startSlack);
        problem = group.awaitHealthy(added, deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problem = "scale interrupted";
      }
      if (problem != null) {
        shrink(state, group, added);
        throw new RuntimeFailure(problem);
      }
    } else if (count < now) {
      shrink(state, group, List.copyOf(group.instances().subList(count, now)));
    }
    return true;
  }

  private void shrink(AppInstances<I> state, InstanceGroup<I> group, List<I> leaving) {
    group.remove(leaving);
    state.announce(group.service());
    long deadline = System.nanoTime() + Duration.ofSeconds(group.drain()).toNanos();
    leaving.forEach(s -> Deployment.drain(routing, s, deadline));
    StopAll.of(leaving, Instance::stop);
  }

  /** The service's group of the active release, if it runs here. */
  public java.util.Optional<InstanceGroup<I>> active(String app, String service) {
    AppInstances<I> state = apps.get(app);
    return state == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(state.active.get(service));
  }

  /** Kills one instance as a crash would (Convox answers {@code ps stop} by a restart); false when there is none of that id. */
  public boolean kill(String app, String id) {
    for (InstanceGroup<I> g : groups(app)) {
      for (I s : g.instances()) {
        if (s.id().equals(id)) {
          s.kill();
          return true;
        }
      }
    }
    return false;
  }

  /** Stops everything of the app and deletes its resources' data. */
  public void remove(String app) {
    AppInstances<I> state = apps.remove(app);
    routing.unpublish(app);
    if (state != null) {
      StopAll.of(state.forget(), InstanceGroup::stop);
    }
    resources.remove(app);
    provisioning.remove(app);
  }

  /** Stops every instance, then the resource servers (which the services may write to as they stop). */
  @Override
  public void close() {
    for (String app : List.copyOf(apps.keySet())) {
      AppInstances<I> state = apps.remove(app);
      if (state != null) {
        StopAll.of(state.forget(), InstanceGroup::stop);
      }
    }
    resources.close();
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
