package io.jrack.sdk;

import com.google.gson.reflect.TypeToken;
import io.jrack.rack.LogOptions;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Release;
import io.jrack.rack.SystemInfo;
import io.jrack.rack.wire.WireProcess;
import io.jrack.rack.wire.WireRelease;
import io.jrack.rack.wire.WireSystem;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rack itself: its info and parameters, instances, own processes and releases, CA, log socket,
 * the proxy socket and the password check.
 */
final class SystemCalls extends RackCalls {
  SystemCalls(Http http) {
    super(http);
  }

  void auth() {
    check(send("GET", "/auth"));
  }

  SystemInfo systemGet() {
    return get("/system", WireSystem.class).toSystem();
  }

  List<io.jrack.rack.InstanceInfo> instanceList() {
    List<Map<String, Object>> all = read(send("GET", "/instances"),
        TypeToken.getParameterized(List.class, TypeToken.getParameterized(Map.class, String.class, Object.class).getType()));
    return all.stream().map(io.jrack.rack.wire.WireInstance::read).toList();
  }

  List<ProcessInfo> systemProcesses() {
    return list("GET", "/system/processes", WireProcess.class).stream().map(WireProcess::toProcess).toList();
  }

  List<Release> systemReleases() {
    return list("GET", "/system/releases", WireRelease.class).stream().map(WireRelease::toRelease).toList();
  }

  Map<String, String> paramsGet() {
    return new java.util.TreeMap<>(systemGet().params());
  }

  /** structs.SystemUpdateOptions: the map goes url-encoded inside the {@code parameters} field. */
  void paramsSet(Map<String, String> params) {
    check(sendForm("PUT", "/system", Map.of("parameters", encode(params))));
  }

  String systemCertificate() {
    Http.Response r = http.exchange("GET", "/system/ca", null, null);
    check(r);
    return r.body();
  }

  void systemLogs(LogOptions options, Consumer<String> sink) {
    http.socket("/system/logs", logHeaders(options), sink);
  }

  void proxy(String host, int port, InputStream in, java.io.OutputStream out) {
    ProxyStream stream = new ProxyStream(out);
    http.socket("/proxy/" + seg(host) + "/" + port, Map.of(), "binary", stream, ws -> ProxyStream.feed(ws, in), stream::awaitEnd);
  }
}
