package io.jrack.sdk;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Provider;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.ResourceInfo;
import io.jrack.rack.ServiceInfo;
import io.jrack.rack.SystemInfo;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link Provider} over the rack's HTTP API, which is Convox's (docs/API.md): the requests are those
 * the Convox client sends (convox/rack {@code sdk/methods.go}, stdsdk's form encoding), the answers
 * are read as {@link io.jrack.rack.wire} records and turned back into {@link io.jrack.rack} ones.
 * This is the public entry; the routes live in one package-private class per resource ({@link AppCalls},
 * {@link ReleaseCalls}, ...), and each method here hands its call to one of them.
 */
public final class RackClient implements Provider {
  private final URI base;
  private final AppCalls apps;
  private final BuildCalls builds;
  private final ReleaseCalls releases;
  private final ProcessCalls processes;
  private final ResourceCalls resources;
  private final CertificateCalls certificates;
  private final SystemCalls system;

  public RackClient(URI base, String password) {
    this(base, password, null);
  }

  /** {@code caPem}: the rack CA to trust when {@code base} is https (null: the system's trust store). */
  public RackClient(URI base, String password, String caPem) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    Http http = new Http(this.base, "Basic " + Base64.getEncoder().encodeToString(("convox:" + password).getBytes(StandardCharsets.UTF_8)), caPem);
    this.apps = new AppCalls(http);
    this.builds = new BuildCalls(http);
    this.releases = new ReleaseCalls(http);
    this.processes = new ProcessCalls(http);
    this.resources = new ResourceCalls(http);
    this.certificates = new CertificateCalls(http);
    this.system = new SystemCalls(http);
  }

  public static RackClient of(RackAddress address) {
    return new RackClient(address.url(), address.password(), address.caPem());
  }

  public URI base() {
    return base;
  }

  @Override
  public List<App> appList() {
    return apps.appList();
  }

  @Override
  public App appCreate(String name) {
    return apps.appCreate(name);
  }

  @Override
  public App appGet(String name) {
    return apps.appGet(name);
  }

  @Override
  public void appCancel(String name) {
    apps.appCancel(name);
  }

  @Override
  public void appParamsSet(String name, Map<String, String> params) {
    apps.appParamsSet(name, params);
  }

  @Override
  public void appDelete(String name, boolean deleteResources) {
    apps.appDelete(name, deleteResources);
  }

  @Override
  public void logs(String app, LogOptions options, Consumer<String> sink) {
    apps.logs(app, options, sink);
  }

  @Override
  public Build buildCreate(String app, InputStream source, String description) {
    return builds.buildCreate(app, source, description);
  }

  @Override
  public Build buildGet(String app, String id) {
    return builds.buildGet(app, id);
  }

  @Override
  public List<Build> buildList(String app, int limit) {
    return builds.buildList(app, limit);
  }

  /** A build's log socket: the whole log of a finished build. */
  public void buildLogs(String app, String id, Consumer<String> sink) {
    builds.buildLogs(app, id, sink);
  }

  @Override
  public Release releaseCreate(String app, String build, Map<String, String> env) {
    return releases.releaseCreate(app, build, env);
  }

  @Override
  public Release releaseGet(String app, String id) {
    return releases.releaseGet(app, id);
  }

  @Override
  public List<Release> releaseList(String app) {
    return releases.releaseList(app);
  }

  @Override
  public Release releasePromote(String app, String id) {
    return releases.releasePromote(app, id);
  }

  @Override
  public Map<String, String> envGet(String app) {
    return releases.envGet(app);
  }

  @Override
  public Release envSet(String app, Map<String, String> values, boolean replace) {
    return releases.envSet(app, values, replace);
  }

  @Override
  public Release envUnset(String app, List<String> keys) {
    return releases.envUnset(app, keys);
  }

  @Override
  public List<ServiceInfo> serviceList(String app) {
    return processes.serviceList(app);
  }

  @Override
  public void serviceUpdate(String app, String service, Integer count, Integer cpu, Integer memory) {
    processes.serviceUpdate(app, service, count, cpu, memory);
  }

  @Override
  public void serviceRestart(String app, String service) {
    processes.serviceRestart(app, service);
  }

  @Override
  public List<ProcessInfo> processList(String app) {
    return processes.processList(app);
  }

  @Override
  public ProcessInfo processGet(String app, String id) {
    return processes.processGet(app, id);
  }

  @Override
  public int processExec(String app, String id, String command, boolean tty, InputStream in, java.io.OutputStream out) {
    return processes.processExec(app, id, command, tty, in, out);
  }

  @Override
  public ProcessInfo processStart(String app, String service, String command, String release) {
    return processes.processStart(app, service, command, release);
  }

  @Override
  public void processStop(String app, String id) {
    processes.processStop(app, id);
  }

  @Override
  public List<ResourceInfo> resourceList(String app) {
    return resources.resourceList(app);
  }

  @Override
  public ResourceInfo resourceGet(String app, String name) {
    return resources.resourceGet(app, name);
  }

  @Override
  public List<io.jrack.rack.CertificateInfo> certificateList() {
    return certificates.certificateList();
  }

  @Override
  public io.jrack.rack.CertificateInfo certificateCreate(String pub, String key, String chain) {
    return certificates.certificateCreate(pub, key, chain);
  }

  @Override
  public io.jrack.rack.CertificateInfo certificateGenerate(List<String> domains) {
    return certificates.certificateGenerate(domains);
  }

  @Override
  public void certificateDelete(String id) {
    certificates.certificateDelete(id);
  }

  @Override
  public void certificateApply(String app, String service, int port, String id) {
    certificates.certificateApply(app, service, port, id);
  }

  @Override
  public Map<String, String> certificatesApplied(String app) {
    return certificates.certificatesApplied(app);
  }

  /** Checks that the rack answers and accepts the password. */
  public void auth() {
    system.auth();
  }

  @Override
  public SystemInfo systemGet() {
    return system.systemGet();
  }

  @Override
  public List<io.jrack.rack.InstanceInfo> instanceList() {
    return system.instanceList();
  }

  @Override
  public List<ProcessInfo> systemProcesses() {
    return system.systemProcesses();
  }

  @Override
  public List<Release> systemReleases() {
    return system.systemReleases();
  }

  @Override
  public Map<String, String> paramsGet() {
    return system.paramsGet();
  }

  @Override
  public void paramsSet(Map<String, String> params) {
    system.paramsSet(params);
  }

  @Override
  public String systemCertificate() {
    return system.systemCertificate();
  }

  /** {@code convox rack logs}: the rack's own lines of every app ({@code SOCKET /system/logs}). */
  public void systemLogs(LogOptions options, Consumer<String> sink) {
    system.systemLogs(options, sink);
  }

  /**
   * Convox's proxy socket ({@code convox proxy}): one TCP connection to {@code host:port} inside the
   * rack, {@code in} to it and what it answers to {@code out}, until either side ends. The bytes travel
   * as binary messages (the subprotocol {@code binary}); the rack's refusal (a host outside it) is thrown.
   */
  public void proxy(String host, int port, InputStream in, java.io.OutputStream out) {
    system.proxy(host, port, in, out);
  }

  /** The rack's error answer as the exception to throw: its {@code error} field, else the start of the body. */
  static ProviderException error(int status, String body) {
    ProviderException.Kind kind = ProviderException.Kind.of(status);
    try {
      if (body != null && JsonParser.parseString(body) instanceof JsonObject node && node.get("error") instanceof JsonPrimitive error) {
        return new ProviderException(kind, error.getAsString());
      }
    } catch (JsonParseException e) {
      // Not JSON: a proxy or a crash answered; show the start of what it said (below).
    }
    return new ProviderException(kind, body == null || body.isBlank() ? "HTTP " + status : body.strip().lines().findFirst().orElse(""));
  }
}
