package io.jrack.sdk;

import io.jrack.rack.App;
import io.jrack.rack.LogOptions;
import io.jrack.rack.wire.WireApp;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An app's own routes ({@code /apps/:name}) and its log socket.
 */
final class AppCalls extends RackCalls {
  AppCalls(Http http) {
    super(http);
  }

  List<App> appList() {
    return list("GET", "/apps", WireApp.class).stream().map(WireApp::toApp).toList();
  }

  App appCreate(String name) {
    return form("POST", "/apps", Map.of("name", name), WireApp.class).toApp();
  }

  App appGet(String name) {
    return get("/apps/" + seg(name), WireApp.class).toApp();
  }

  void appCancel(String name) {
    check(send("POST", "/apps/" + seg(name) + "/cancel"));
  }

  /** structs.AppUpdateOptions: the map url-encoded in {@code parameters}. */
  void appParamsSet(String name, Map<String, String> params) {
    check(sendForm("PUT", "/apps/" + seg(name), Map.of("parameters", encode(params))));
  }

  void appDelete(String name, boolean deleteResources) {
    check(send("DELETE", "/apps/" + seg(name) + (deleteResources ? "?resources=delete" : "")));
  }

  /** The app's log socket, with the headers of structs.LogsOptions; each line has its time and source. */
  void logs(String app, LogOptions options, Consumer<String> sink) {
    http.socket("/apps/" + seg(app) + "/logs", logHeaders(options), sink);
  }
}
