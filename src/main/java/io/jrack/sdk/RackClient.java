package io.jrack.sdk;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.reflect.TypeToken;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import io.jrack.rack.wire.EnvText;
import io.jrack.manifest.EnvRules;
import io.jrack.manifest.GoDuration;
import io.jrack.rack.wire.WireApp;
import io.jrack.rack.wire.WireBuild;
import io.jrack.rack.wire.WireCertificate;
import io.jrack.rack.wire.WireObject;
import io.jrack.rack.wire.WireProcess;
import io.jrack.rack.wire.WireRelease;
import io.jrack.rack.wire.WireResource;
import io.jrack.rack.wire.WireService;
import io.jrack.rack.wire.WireSystem;

/**
 * {@link Provider} over the rack's HTTP API, which is Convox's (docs/API.md): the requests are those
 * the Convox client sends (convox/rack {@code sdk/methods.go}, stdsdk's form encoding), the answers
 * are read as {@link io.jrack.rack.wire} records and turned back into {@link io.jrack.rack} ones.
 */
public final class RackClient implements Provider {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private final URI base;
  private final Http http;

  public RackClient(URI base, String password) {
    this(base, password, null);
  }

  /** {@code caPem}: the rack CA to trust when {@code base} is https (null: the system's trust store). */
  public RackClient(URI base, String password, String caPem) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.http = new Http(this.base, "Basic " + Base64.getEncoder().encodeToString(("convox:" + password).getBytes(StandardCharsets.UTF_8)), caPem);
  }

  public static RackClient of(RackAddress address) {
    return new RackClient(address.url(), address.password(), address.caPem());
  }

  public URI base() {
    return base;
  }

  /** Checks that the rack answers and accepts the password. */
  public void auth() {
    check(send("GET", "/auth"));
  }

  @Override
  public List<App> appList() {
    return list("GET", "/apps", WireApp.class).stream().map(WireApp::toApp).toList();
  }

  @Override
  public App appCreate(String name) {
    return form("POST", "/apps", Map.of("name", name), WireApp.class).toApp();
  }

  @Override
  public App appGet(String name) {
    return get("/apps/" + seg(name), WireApp.class).toApp();
  }

  @Override
  public void appCancel(String name) {
    check(send("POST", "/apps/" + seg(name) + "/cancel"));
  }

  /** structs.AppUpdateOptions: the map url-encoded in {@code parameters}. */
  @Override
  public void appParamsSet(String name, Map<String, String> params) {
    check(sendForm("PUT", "/apps/" + seg(name), Map.of("parameters", encode(params))));
  }

  @Override
  public void appDelete(String name, boolean deleteResources) {
    check(send("DELETE", "/apps/" + seg(name) + (deleteResources ? "?resources=delete" : "")));
  }

  /** Convox's deploy: the source goes up as an object, then the build names it by {@code object://} URL. */
  @Override
  public Build buildCreate(String app, InputStream source, String description) {
    String key = "tmp/" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong()) + ".tgz";
    WireObject o = read(http.upload("/apps/" + seg(app) + "/objects/" + key, "application/octet-stream", source), WireObject.class);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("url", o.url());
    if (description != null) {
      params.put("description", description);
    }
    return form("POST", "/apps/" + seg(app) + "/builds", params, WireBuild.class).toBuild();
  }

  @Override
  public Build buildGet(String app, String id) {
    return get("/apps/" + seg(app) + "/builds/" + seg(id), WireBuild.class).toBuild();
  }

  @Override
  public List<Build> buildList(String app, int limit) {
    return list("GET", "/apps/" + seg(app) + "/builds?limit=" + limit, WireBuild.class).stream().map(WireBuild::toBuild).toList();
  }

  @Override
  public Release releaseCreate(String app, String build, Map<String, String> env) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("build", build);
    params.put("env", EnvText.format(env));
    return form("POST", "/apps/" + seg(app) + "/releases", params, WireRelease.class).toRelease();
  }

  @Override
  public Release releaseGet(String app, String id) {
    return get("/apps/" + seg(app) + "/releases/" + seg(id), WireRelease.class).toRelease();
  }

  @Override
  public List<Release> releaseList(String app) {
    return list("GET", "/apps/" + seg(app) + "/releases", WireRelease.class).stream().map(WireRelease::toRelease).toList();
  }

  @Override
  public Release releasePromote(String app, String id) {
    check(send("POST", "/apps/" + seg(app) + "/releases/" + seg(id) + "/promote"));
    return releaseGet(app, id);
  }

  @Override
  public List<ResourceInfo> resourceList(String app) {
    return list("GET", "/apps/" + seg(app) + "/resources", WireResource.class).stream().map(WireResource::toResource).toList();
  }

  @Override
  public ResourceInfo resourceGet(String app, String name) {
    return get("/apps/" + seg(app) + "/resources/" + seg(name), WireResource.class).toResource();
  }

  @Override
  public List<ServiceInfo> serviceList(String app) {
    return list("GET", "/apps/" + seg(app) + "/services", WireService.class).stream().map(WireService::toService).toList();
  }

  @Override
  public List<ProcessInfo> processList(String app) {
    return list("GET", "/apps/" + seg(app) + "/processes", WireProcess.class).stream().map(WireProcess::toProcess).toList();
  }

  @Override
  public ProcessInfo processGet(String app, String id) {
    return get("/apps/" + seg(app) + "/processes/" + seg(id), WireProcess.class).toProcess();
  }

  /** structs.ServiceUpdateOptions: {@code count}, {@code cpu}, {@code memory} form fields, each only when given. */
  @Override
  public void serviceUpdate(String app, String service, Integer count, Integer cpu, Integer memory) {
    Map<String, String> params = new LinkedHashMap<>();
    if (count != null) {
      params.put("count", count.toString());
    }
    if (cpu != null) {
      params.put("cpu", cpu.toString());
    }
    if (memory != null) {
      params.put("memory", memory.toString());
    }
    check(sendForm("PUT", "/apps/" + seg(app) + "/services/" + seg(service), params));
  }

  @Override
  public void serviceRestart(String app, String service) {
    check(send("POST", "/apps/" + seg(app) + "/services/" + seg(service) + "/restart"));
  }

  /**
   * Convox's proxy socket ({@code convox proxy}): one TCP connection to {@code host:port} inside the
   * rack, {@code in} to it and what it answers to {@code out}, until either side ends. The bytes travel
   * as binary messages (the subprotocol {@code binary}); the rack's refusal (a host outside it) is thrown.
   */
  public void proxy(String host, int port, InputStream in, java.io.OutputStream out) {
    ProxyStream stream = new ProxyStream(out);
    http.socket("/proxy/" + seg(host) + "/" + port, Map.of(), "binary", stream, ws -> ProxyStream.feed(ws, in), stream::awaitEnd);
  }

  /** Convox's exec socket: header {@code Command}, stdin up, output down, the exit code at the end. */
  @Override
  public int processExec(String app, String id, String command, boolean tty, InputStream in, java.io.OutputStream out) {
    ExecSocket exec = new ExecSocket(out);
    http.socket("/apps/" + seg(app) + "/processes/" + seg(id) + "/exec", Map.of("Command", command, "Tty", Boolean.toString(tty)), exec,
        ws -> ExecSocket.feed(ws, in), exec::awaitEnd);
    return exec.code();
  }

  /**
   * Convox's ProcessRun: structs.ProcessRunOptions as headers ({@code Command}, {@code Release}); the
   * attached {@code convox run} ({@link #processRun(String, String, String, boolean, InputStream, java.io.OutputStream)})
   * starts one that sleeps, execs in it and stops it, as the Convox client does.
   */
  @Override
  public ProcessInfo processStart(String app, String service, String command, String release) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (command != null) {
      headers.put("Command", command);
    }
    if (release != null) {
      headers.put("Release", release);
    }
    Http.Response r = http.exchange("POST", "/apps/" + seg(app) + "/services/" + seg(service) + "/processes", headers, null, null);
    return read(r, WireProcess.class).toProcess();
  }

  @Override
  public void processStop(String app, String id) {
    check(send("DELETE", "/apps/" + seg(app) + "/processes/" + seg(id)));
  }

  /** The latest release's environment, as Convox's client reads it (releases?limit=1, then that release). */
  @Override
  public Map<String, String> envGet(String app) {
    List<WireRelease> latest = list("GET", "/apps/" + seg(app) + "/releases?limit=1", WireRelease.class);
    if (latest.isEmpty()) {
      return new java.util.TreeMap<>();
    }
    return releaseGet(app, latest.get(0).id()).env();
  }

  /**
   * Convox's {@code env set}: the client merges into the latest environment and releases the whole
   * of it ({@code env=...} alone); two clients setting at once can lose one's change, as in Convox.
   */
  @Override
  public Release envSet(String app, Map<String, String> values, boolean replace) {
    Map<String, String> env = replace ? new java.util.TreeMap<>() : new java.util.TreeMap<>(envGet(app));
    env.putAll(values);
    return envRelease(app, env);
  }

  @Override
  public Release envUnset(String app, List<String> keys) {
    Map<String, String> env = new java.util.TreeMap<>(envGet(app));
    List<String> missing = keys.stream().filter(k -> !env.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw ProviderException.notFound("env not found: " + String.join(", ", missing));
    }
    keys.forEach(env::remove);
    return envRelease(app, env);
  }

  private Release envRelease(String app, Map<String, String> env) {
    // Checked here too: in the line-based env text a bad key or a line break would arrive as
    // another key, or be lost, and the rack could not say what was wrong.
    env.forEach((k, v) -> EnvRules.nameProblem(k).or(() -> EnvRules.valueProblem(k, v == null ? "" : v)).ifPresent(problem -> {
      throw ProviderException.badRequest(problem);
    }));
    return form("POST", "/apps/" + seg(app) + "/releases", Map.of("env", EnvText.format(env)), WireRelease.class).toRelease();
  }

  @Override
  public List<io.jrack.rack.CertificateInfo> certificateList() {
    return list("GET", "/certificates", WireCertificate.class).stream().map(WireCertificate::toCertificate).toList();
  }

  /** structs.CertificateCreateOptions: {@code pub}, {@code key} and {@code chain} when given. */
  @Override
  public io.jrack.rack.CertificateInfo certificateCreate(String pub, String key, String chain) {
    Map<String, String> params = new java.util.TreeMap<>(Map.of("pub", pub, "key", key));
    if (chain != null) {
      params.put("chain", chain);
    }
    return form("POST", "/certificates", params, WireCertificate.class).toCertificate();
  }

  /** The client's CertificateGenerate: the names comma-joined in {@code domains}. */
  @Override
  public io.jrack.rack.CertificateInfo certificateGenerate(List<String> domains) {
    return form("POST", "/certificates/generate", Map.of("domains", String.join(",", domains)), WireCertificate.class).toCertificate();
  }

  @Override
  public void certificateDelete(String id) {
    check(send("DELETE", "/certificates/" + seg(id)));
  }

  @Override
  public void certificateApply(String app, String service, int port, String id) {
    check(sendForm("PUT", "/apps/" + seg(app) + "/ssl/" + seg(service) + "/" + port, Map.of("id", id)));
  }

  /** Read as {@code convox ssl} reads it: the {@code certificate} of each service's ports. */
  @Override
  public Map<String, String> certificatesApplied(String app) {
    Map<String, String> out = new LinkedHashMap<>();
    for (WireService s : list("GET", "/apps/" + seg(app) + "/services", WireService.class)) {
      for (WireService.Port p : s.ports() == null ? List.<WireService.Port>of() : s.ports()) {
        if (p.certificate() != null && !p.certificate().isEmpty()) {
          out.put(s.name() + ":" + p.balancer(), p.certificate());
        }
      }
    }
    return out;
  }

  @Override
  public SystemInfo systemGet() {
    return get("/system", WireSystem.class).toSystem();
  }

  @Override
  public List<io.jrack.rack.InstanceInfo> instanceList() {
    List<Map<String, Object>> all = read(send("GET", "/instances"),
        TypeToken.getParameterized(List.class, TypeToken.getParameterized(Map.class, String.class, Object.class).getType()));
    return all.stream().map(io.jrack.rack.wire.WireInstance::read).toList();
  }

  @Override
  public List<ProcessInfo> systemProcesses() {
    return list("GET", "/system/processes", WireProcess.class).stream().map(WireProcess::toProcess).toList();
  }

  @Override
  public List<Release> systemReleases() {
    return list("GET", "/system/releases", WireRelease.class).stream().map(WireRelease::toRelease).toList();
  }

  @Override
  public Map<String, String> paramsGet() {
    return new java.util.TreeMap<>(systemGet().params());
  }

  /** structs.SystemUpdateOptions: the map goes url-encoded inside the {@code parameters} field. */
  @Override
  public void paramsSet(Map<String, String> params) {
    check(sendForm("PUT", "/system", Map.of("parameters", encode(params))));
  }

  @Override
  public String systemCertificate() {
    Http.Response r = http.exchange("GET", "/system/ca", null, null);
    check(r);
    return r.body();
  }

  /** The app's log socket, with the headers of structs.LogsOptions; each line has its time and source. */
  @Override
  public void logs(String app, LogOptions options, Consumer<String> sink) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Follow", Boolean.toString(options.follow()));
    headers.put("Prefix", "true");
    if (options.since() != null) {
      headers.put("Since", GoDuration.format(options.since()));
    }
    http.socket("/apps/" + seg(app) + "/logs", headers, sink);
  }

  /** {@code convox rack logs}: the rack's own lines of every app ({@code SOCKET /system/logs}). */
  public void systemLogs(LogOptions options, Consumer<String> sink) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Follow", Boolean.toString(options.follow()));
    headers.put("Prefix", "true");
    if (options.since() != null) {
      headers.put("Since", GoDuration.format(options.since()));
    }
    http.socket("/system/logs", headers, sink);
  }

  /** A build's log socket: the whole log of a finished build. */
  public void buildLogs(String app, String id, Consumer<String> sink) {
    http.socket("/apps/" + seg(app) + "/builds/" + seg(id) + "/logs", Map.of(), sink);
  }

  private <T> T get(String path, Class<T> type) {
    return read(send("GET", path), type);
  }

  private <T> List<T> list(String method, String path, Class<T> element) {
    return read(send(method, path), TypeToken.getParameterized(List.class, element));
  }

  private <T> T read(Http.Response response, Class<T> type) {
    return type.cast(read(response, TypeToken.get(type)));
  }

  @SuppressWarnings("unchecked")
  private <T> T read(Http.Response response, TypeToken<?> type) {
    check(response);
    try {
      return (T) ClientJson.gson().fromJson(response.body(), type);
    } catch (JsonParseException | java.time.DateTimeException e) {
      throw unreadable(e);
    }
  }

  private static ProviderException unreadable(RuntimeException e) {
    return new ProviderException(ProviderException.Kind.INTERNAL, "unreadable answer from the rack: " + e.getMessage());
  }

  private void check(Http.Response response) {
    if (response.status() >= 400) {
      throw error(response.status(), response.body());
    }
  }

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

  private Http.Response send(String method, String path) {
    return http.exchange(method, path, null, null);
  }

  private <T> T form(String method, String path, Map<String, String> params, Class<T> type) {
    return read(sendForm(method, path, params), type);
  }

  /** Parameters as stdsdk sends them: {@code application/x-www-form-urlencoded}. */
  private Http.Response sendForm(String method, String path, Map<String, String> params) {
    return http.exchange(method, path, "application/x-www-form-urlencoded", encode(params).getBytes(StandardCharsets.UTF_8));
  }

  static String encode(Map<String, String> params) {
    StringBuilder b = new StringBuilder();
    params.forEach((k, v) -> {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return b.toString();
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
