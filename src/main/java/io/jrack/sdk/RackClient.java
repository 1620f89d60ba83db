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

/** {@link Provider} over the rack's HTTP API (docs/API.md). */
public final class RackClient implements Provider {
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
    call("GET", "/auth", null, Object.class);
  }

  @Override
  public List<App> appList() {
    return list("GET", "/apps", App.class);
  }

  @Override
  public App appCreate(String name) {
    return call("POST", "/apps", Map.of("name", name), App.class);
  }

  @Override
  public App appGet(String name) {
    return call("GET", "/apps/" + seg(name), null, App.class);
  }

  @Override
  public void appDelete(String name, boolean deleteResources) {
    call("DELETE", "/apps/" + seg(name) + (deleteResources ? "?resources=delete" : ""), null, Object.class);
  }

  @Override
  public Build buildCreate(String app, InputStream source, String description) {
    String query = description == null ? "" : "?description=" + URLEncoder.encode(description, StandardCharsets.UTF_8);
    return read(http.upload("/apps/" + seg(app) + "/builds" + query, "application/gzip", source), Build.class);
  }

  @Override
  public Build buildGet(String app, String id) {
    return call("GET", "/apps/" + seg(app) + "/builds/" + seg(id), null, Build.class);
  }

  @Override
  public List<Build> buildList(String app, int limit) {
    return list("GET", "/apps/" + seg(app) + "/builds?limit=" + limit, Build.class);
  }

  @Override
  public Release releaseCreate(String app, String build, Map<String, String> env) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("build", build);
    body.put("env", env);
    return call("POST", "/apps/" + seg(app) + "/releases", body, Release.class);
  }

  @Override
  public Release releaseGet(String app, String id) {
    return call("GET", "/apps/" + seg(app) + "/releases/" + seg(id), null, Release.class);
  }

  @Override
  public List<Release> releaseList(String app) {
    return list("GET", "/apps/" + seg(app) + "/releases", Release.class);
  }

  @Override
  public Release releasePromote(String app, String id) {
    return call("POST", "/apps/" + seg(app) + "/releases/" + seg(id) + "/promote", Map.of(), Release.class);
  }

  @Override
  public List<ResourceInfo> resourceList(String app) {
    return list("GET", "/apps/" + seg(app) + "/resources", ResourceInfo.class);
  }

  @Override
  public ResourceInfo resourceGet(String app, String name) {
    return call("GET", "/apps/" + seg(app) + "/resources/" + seg(name), null, ResourceInfo.class);
  }

  @Override
  public List<ServiceInfo> serviceList(String app) {
    return list("GET", "/apps/" + seg(app) + "/services", ServiceInfo.class);
  }

  @Override
  public List<ProcessInfo> processList(String app) {
    return list("GET", "/apps/" + seg(app) + "/processes", ProcessInfo.class);
  }

  @Override
  public void processStop(String app, String id) {
    call("DELETE", "/apps/" + seg(app) + "/processes/" + seg(id), null, Object.class);
  }

  @Override
  public Map<String, String> envGet(String app) {
    return map("GET", "/apps/" + seg(app) + "/environment", String.class);
  }

  @Override
  public Release envSet(String app, Map<String, String> values, boolean replace) {
    return call("POST", "/apps/" + seg(app) + "/environment", Map.of("env", values, "replace", replace), Release.class);
  }

  @Override
  public Release envUnset(String app, List<String> keys) {
    return call("POST", "/apps/" + seg(app) + "/environment/unset", Map.of("keys", keys), Release.class);
  }

  @Override
  public SystemInfo systemGet() {
    return call("GET", "/system", null, SystemInfo.class);
  }

  @Override
  public Map<String, String> paramsGet() {
    return map("GET", "/system/params", String.class);
  }

  @Override
  public void paramsSet(Map<String, String> params) {
    call("PUT", "/system/params", params, Object.class);
  }

  @Override
  public String systemCertificate() {
    Http.Response r = http.exchange("GET", "/system/ca", null, null);
    check(r);
    return r.body();
  }

  @Override
  public void logs(String app, LogOptions options, Consumer<String> sink) {
    StringBuilder query = new StringBuilder("?follow=").append(options.follow());
    if (options.since() != null) {
      query.append("&since=").append(options.since());
    }
    http.lines("/apps/" + seg(app) + "/logs" + query, sink);
  }

  private <T> T call(String method, String path, Object body, Class<T> type) {
    return read(send(method, path, body), type);
  }

  private <T> List<T> list(String method, String path, Class<T> element) {
    return read(send(method, path, null), TypeToken.getParameterized(List.class, element));
  }

  private <T> Map<String, T> map(String method, String path, Class<T> value) {
    return read(send(method, path, null), TypeToken.getParameterized(Map.class, String.class, value));
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

  private Http.Response send(String method, String path, Object body) {
    if (body == null) {
      return http.exchange(method, path, null, null);
    }
    return http.exchange(method, path, "application/json", ClientJson.gson().toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
