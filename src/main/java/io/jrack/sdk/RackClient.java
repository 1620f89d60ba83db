package io.jrack.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.IOException;
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
    call("GET", "/auth", null, JsonNode.class);
  }

  @Override
  public List<App> appList() {
    return call("GET", "/apps", null, new TypeReference<List<App>>() {});
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
    call("DELETE", "/apps/" + seg(name) + (deleteResources ? "?resources=delete" : ""), null, JsonNode.class);
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
  public List<Build> buildList(String app) {
    return call("GET", "/apps/" + seg(app) + "/builds", null, new TypeReference<List<Build>>() {});
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
    return call("GET", "/apps/" + seg(app) + "/releases", null, new TypeReference<List<Release>>() {});
  }

  @Override
  public Release releasePromote(String app, String id) {
    return call("POST", "/apps/" + seg(app) + "/releases/" + seg(id) + "/promote", Map.of(), Release.class);
  }

  @Override
  public List<ResourceInfo> resourceList(String app) {
    return call("GET", "/apps/" + seg(app) + "/resources", null, new TypeReference<List<ResourceInfo>>() {});
  }

  @Override
  public ResourceInfo resourceGet(String app, String name) {
    return call("GET", "/apps/" + seg(app) + "/resources/" + seg(name), null, ResourceInfo.class);
  }

  @Override
  public List<ServiceInfo> serviceList(String app) {
    return call("GET", "/apps/" + seg(app) + "/services", null, new TypeReference<List<ServiceInfo>>() {});
  }

  @Override
  public List<ProcessInfo> processList(String app) {
    return call("GET", "/apps/" + seg(app) + "/processes", null, new TypeReference<List<ProcessInfo>>() {});
  }

  @Override
  public void processStop(String app, String id) {
    call("DELETE", "/apps/" + seg(app) + "/processes/" + seg(id), null, JsonNode.class);
  }

  @Override
  public Map<String, String> envGet(String app) {
    return call("GET", "/apps/" + seg(app) + "/environment", null, new TypeReference<Map<String, String>>() {});
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
    return call("GET", "/system/params", null, new TypeReference<Map<String, String>>() {});
  }

  @Override
  public void paramsSet(Map<String, String> params) {
    call("PUT", "/system/params", params, JsonNode.class);
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

  private <T> T call(String method, String path, Object body, TypeReference<T> type) {
    Http.Response response = send(method, path, body);
    check(response);
    try {
      return Json.mapper().readValue(response.body(), type);
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.INTERNAL, "unreadable answer from the rack: " + e.getMessage());
    }
  }

  private <T> T read(Http.Response response, Class<T> type) {
    check(response);
    try {
      return Json.mapper().readValue(response.body(), type);
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.INTERNAL, "unreadable answer from the rack: " + e.getMessage());
    }
  }

  private void check(Http.Response response) {
    if (response.status() >= 400) {
      throw error(response.status(), response.body());
    }
  }

  static ProviderException error(int status, String body) {
    String message = body;
    try {
      JsonNode node = Json.mapper().readTree(body);
      if (node != null && node.hasNonNull("error")) {
        message = node.get("error").asText();
      }
    } catch (IOException e) {
      // Not JSON: a proxy or a crash answered; show the start of what it said.
      message = body == null || body.isBlank() ? "HTTP " + status : body.strip().lines().findFirst().orElse("");
    }
    return new ProviderException(ProviderException.Kind.of(status), message);
  }

  private Http.Response send(String method, String path, Object body) {
    if (body == null) {
      return http.exchange(method, path, null, null);
    }
    try {
      return http.exchange(method, path, "application/json", Json.mapper().writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
