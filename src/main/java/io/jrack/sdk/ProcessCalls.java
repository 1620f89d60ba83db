package io.jrack.sdk;

import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Release;
import io.jrack.rack.ServiceInfo;
import io.jrack.rack.wire.WireProcess;
import io.jrack.rack.wire.WireService;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's services and processes: listing, scaling, one-off runs and the exec socket.
 */
final class ProcessCalls extends RackCalls {
  ProcessCalls(Http http) {
    super(http);
  }

  List<ServiceInfo> serviceList(String app) {
    return list("GET", "/apps/" + seg(app) + "/services", WireService.class).stream().map(WireService::toService).toList();
  }

  /** structs.ServiceUpdateOptions: {@code count}, {@code cpu}, {@code memory} form fields, each only when given. */
  void serviceUpdate(String app, String service, Integer count, Integer cpu, Integer memory) {
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

  void serviceRestart(String app, String service) {
    check(send("POST", "/apps/" + seg(app) + "/services/" + seg(service) + "/restart"));
  }

  List<ProcessInfo> processList(String app) {
    return list("GET", "/apps/" + seg(app) + "/processes", WireProcess.class).stream().map(WireProcess::toProcess).toList();
  }

  ProcessInfo processGet(String app, String id) {
    return get("/apps/" + seg(app) + "/processes/" + seg(id), WireProcess.class).toProcess();
  }

  /** Convox's exec socket: header {@code Command}, stdin up, output down, the exit code at the end. */
  int processExec(String app, String id, String command, boolean tty, InputStream in, java.io.OutputStream out) {
    ExecSocket exec = new ExecSocket(out);
    http.socket("/apps/" + seg(app) + "/processes/" + seg(id) + "/exec", Map.of("Command", command, "Tty", Boolean.toString(tty)), exec,
        ws -> ExecSocket.feed(ws, in), exec::awaitEnd);
    return exec.code();
  }

  /**
   * Convox's ProcessRun: structs.ProcessRunOptions as headers ({@code Command}, {@code Release}); the
   * attached {@code convox run} ({@link io.jrack.rack.Provider#processRun})
   * starts one that sleeps, execs in it and stops it, as the Convox client does.
   */
  ProcessInfo processStart(String app, String service, String command, String release) {
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

  void processStop(String app, String id) {
    check(send("DELETE", "/apps/" + seg(app) + "/processes/" + seg(id)));
  }
}
