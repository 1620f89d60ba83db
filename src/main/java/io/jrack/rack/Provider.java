package io.jrack.rack;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything a rack offers. Every method throws {@link ProviderException} for a request that
 * cannot be done (unknown app, bad manifest, invalid parameter...), with a message for the user.
 */
public interface Provider {

  // Apps
  List<App> appList();

  App appCreate(String name);

  App appGet(String name);

  /** Deletes an app; refused while it has resources with data, unless {@code deleteResources}. */
  void appDelete(String name, boolean deleteResources);

  default void appDelete(String name) {
    appDelete(name, false);
  }

  /**
   * Cancels an app's update ({@code convox apps cancel}). A rack whose promotes finish within their
   * request (succeeding, or failing with the running release kept) has nothing to cancel: it says so.
   */
  default void appCancel(String name) {
    App a = appGet(name);
    if (!"updating".equals(a.status())) {
      throw ProviderException.conflict("app %s is not updating (status: %s): nothing to cancel".formatted(name, a.status()));
    }
    throw ProviderException.conflict("app %s: its update cannot be cancelled here; it finishes, or fails and keeps the running release".formatted(name));
  }

  /** Sets app parameters ({@code convox apps params set}); a rack whose apps have none refuses any. */
  default void appParamsSet(String name, Map<String, String> params) {
    appGet(name);
    if (!params.isEmpty()) {
      throw ProviderException.badRequest("app parameters: %s (expected: none; apps have no parameters on this rack)"
          .formatted(String.join(", ", new java.util.TreeSet<>(params.keySet()))));
    }
  }

  // Builds: a gzipped tarball of the app's directory in, a build (and its release) out.
  Build buildCreate(String app, InputStream source, String description);

  /**
   * As {@link #buildCreate(String, InputStream, String)}, with the upload's size when it is known
   * before reading it (a Content-Length), else -1: a rack may refuse an upload over its limit unread.
   */
  default Build buildCreate(String app, InputStream source, String description, long declaredBytes) {
    return buildCreate(app, source, description);
  }

  /** The limits of an upload of source (rack parameters {@code BuildMaxUploadSize}, {@code BuildUploadTimeout}). */
  default UploadLimits uploadLimits() {
    return UploadLimits.DEFAULT;
  }

  Build buildGet(String app, String id);

  /** How many builds a listing shows when not told (Convox's default). */
  int BUILD_LIST_LIMIT = 10;

  /** The app's newest builds, newest first, at most {@link #BUILD_LIST_LIMIT}. */
  default List<Build> buildList(String app) {
    return buildList(app, BUILD_LIST_LIMIT);
  }

  /** The app's newest {@code limit} builds, newest first. */
  List<Build> buildList(String app, int limit);

  // Releases
  Release releaseCreate(String app, String build, Map<String, String> env);

  Release releaseGet(String app, String id);

  List<Release> releaseList(String app);

  /** Makes the release the app's active one; on failure the previous release stays active. */
  Release releasePromote(String app, String id);

  // Services and processes
  List<ServiceInfo> serviceList(String app);

  List<ProcessInfo> processList(String app);

  void processStop(String app, String id);

  /**
   * Runs {@code command} (a shell command line) in process {@code id} of {@code app}: where it runs, with
   * its environment ({@code convox exec}; {@code convox run} execs into a process of the service). Stdin
   * from {@code in}, output to {@code out}, on a terminal of its own when {@code tty} (the client has
   * one) and the rack can; returns the command's exit code.
   */
  default int processExec(String app, String id, String command, boolean tty, java.io.InputStream in, java.io.OutputStream out) {
    throw ProviderException.badRequest("exec: this rack cannot run commands in a process");
  }

  /**
   * Starts a one-off process of {@code service} (Convox's ProcessRun; {@code convox run}): {@code command}
   * (a shell command line; null: the service's own command) with the service's directory and
   * environment in {@code release} (null: the running one). It is listed with the app's processes
   * while it runs, its output goes to the app log, and it is not restarted.
   */
  default ProcessInfo processStart(String app, String service, String command, String release) {
    throw ProviderException.badRequest("run: this rack cannot start one-off processes");
  }

  /**
   * {@code convox run SERVICE COMMAND}, attached, as the Convox client does it: a one-off process of the
   * service that sleeps, {@code command} exec'd in it (stdin from {@code in}, output to {@code out}),
   * then the process stopped. Returns the command's exit code.
   */
  default int processRun(String app, String service, String command, boolean tty, java.io.InputStream in, java.io.OutputStream out) {
    ProcessInfo p = processStart(app, service, "sleep 3600", null);
    try {
      return processExec(app, p.id(), command, tty, in, out);
    } finally {
      try {
        processStop(app, p.id());
      } catch (ProviderException e) {
        // Gone already: nothing left to stop.
      }
    }
  }

  /** One process ({@code convox ps info}). */
  default ProcessInfo processGet(String app, String id) {
    return processList(app).stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> ProviderException.notFound("no such process: " + id));
  }

  /**
   * Scales a service ({@code convox scale SERVICE --count N --cpu C --memory M}; null: unchanged). A
   * rack that scales only by manifest refuses any change from what the manifest says, with the way to
   * make it.
   */
  default void serviceUpdate(String app, String service, Integer count, Integer cpu, Integer memory) {
    ServiceInfo s = serviceList(app).stream().filter(x -> x.name().equals(service)).findFirst()
        .orElseThrow(() -> ProviderException.notFound("no such service: " + service + " (app " + app + ")"));
    if (cpu != null || memory != null) {
      throw ProviderException.badRequest("scale %s: cpu and memory are not limited on this rack (expected: --count only)".formatted(service));
    }
    if (count != null && count != s.count()) {
      throw ProviderException.badRequest(("scale %s: count %d (expected: %d, the manifest's: this rack scales by manifest; "
          + "set scale.count in convox.yml and deploy)").formatted(service, count, s.count()));
    }
  }

  /**
   * Restarts a service ({@code convox restart}, {@code convox services restart}): each of its processes
   * is stopped in turn, and the runtime starts its replacement as it does for any stopped process.
   */
  default void serviceRestart(String app, String service) {
    if (serviceList(app).stream().noneMatch(s -> s.name().equals(service))) {
      throw ProviderException.notFound("no such service: " + service + " (app " + app + ")");
    }
    for (ProcessInfo p : processList(app)) {
      if (service.equals(p.service())) {
        processStop(app, p.id());
      }
    }
  }

  // Resources: the databases and caches of the app's active release.
  List<ResourceInfo> resourceList(String app);

  ResourceInfo resourceGet(String app, String name);

  // Environment: each change makes a new release, as Convox does.
  Map<String, String> envGet(String app);

  Release envSet(String app, Map<String, String> values, boolean replace);

  Release envUnset(String app, List<String> keys);

  // Certificates of the router (convox certs, convox ssl update)
  /** The router's certificates, oldest first. */
  default List<CertificateInfo> certificateList() {
    throw ProviderException.badRequest("certs: this rack has no certificates of its own");
  }

  /**
   * Imports a certificate ({@code convox certs import}): {@code pub} and {@code key} PEM, {@code chain}
   * (intermediates, PEM) or null. The router serves it, from then on, for the names it is for.
   */
  default CertificateInfo certificateCreate(String pub, String key, String chain) {
    throw ProviderException.badRequest("certs import: this rack has no certificates of its own");
  }

  /** A certificate for {@code domains} made by the rack's CA ({@code convox certs generate}). */
  default CertificateInfo certificateGenerate(List<String> domains) {
    throw ProviderException.badRequest("certs generate: this rack has no certificate authority for apps");
  }

  /** Deletes a certificate; refused while it is applied to a service's port. */
  default void certificateDelete(String id) {
    throw ProviderException.badRequest("certs delete: this rack has no certificates of its own");
  }

  /** Applies a certificate to {@code port} (a balancer port) of an app's service ({@code convox ssl update}). */
  default void certificateApply(String app, String service, int port, String id) {
    throw ProviderException.badRequest("ssl update: this rack has no certificates of its own");
  }

  /** The certificate id applied to each port of the app's services ({@code service:port}), for {@code convox ssl}. */
  default Map<String, String> certificatesApplied(String app) {
    return Map.of();
  }

  // System
  /**
   * Where {@code convox proxy} to {@code host:port} connects, inside the rack: a service or resource of
   * one of its apps ({@code SERVICE.APP}); any other host is refused (no open relay).
   */
  default java.net.InetSocketAddress proxyTarget(String host, int port) {
    throw ProviderException.badRequest("proxy: not served by this rack");
  }

  SystemInfo systemGet();

  /** The machines the rack runs on ({@code convox instances}): here, this one. */
  List<InstanceInfo> instanceList();

  /** The rack's own processes ({@code convox rack ps}). */
  List<ProcessInfo> systemProcesses();

  /** The rack's versions, the running one first ({@code convox rack releases}). */
  List<Release> systemReleases();

  Map<String, String> paramsGet();

  void paramsSet(Map<String, String> params);

  /** The PEM certificate of the rack's CA, which signs the router's HTTPS certificate. */
  String systemCertificate();

  /**
   * Streams an app's log lines to {@code sink} until {@code follow} is false and history is done,
   * or the sink throws, or the caller's thread is interrupted.
   */
  void logs(String app, LogOptions options, Consumer<String> sink);
}
