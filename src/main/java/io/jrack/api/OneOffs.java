package io.jrack.api;

import io.jrack.rack.ProcessInfo;
import io.jrack.rack.Provider;
import io.jrack.rack.ProviderException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code convox run}'s processes (Convox's ProcessRun). The Convox client starts one that sleeps, waits
 * for it to be running, execs the command in it over the exec socket and stops it. Here such a process
 * is a name for the service's running processes: it runs nothing itself, and an exec in it runs where a
 * running process of its service runs (its directory and environment). A run with any other command
 * ({@code run --detach}) runs it that way in the background, and ends with it.
 */
final class OneOffs {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Provider provider;
  private final Map<String, ProcessInfo> running = new ConcurrentHashMap<>();

  OneOffs(Provider provider) {
    this.provider = provider;
  }

  ProcessInfo start(String app, String service, String command, String release) {
    String active = provider.appGet(app).release();
    if (release != null && !release.equals(active)) {
      throw ProviderException.badRequest("run: release %s (expected: %s, the active release: processes run in the running release here)".formatted(release, active));
    }
    target(app, service);
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    String id = service + "-run-" + HexFormat.of().formatHex(suffix);
    ProcessInfo p = new ProcessInfo(id, app, service, "running", active, Instant.now(), command, "127.0.0.1", 0);
    running.put(key(app, id), p);
    if (command != null && !command.matches("sleep \\d+")) {
      Thread.ofVirtual().name("run " + id).start(() -> {
        try {
          provider.processExec(app, target(app, service), command, java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream());
        } catch (ProviderException e) {
          // A detached run's failure has no one to tell; it ends the run.
        } finally {
          running.remove(key(app, id));
        }
      });
    }
    return p;
  }

  /** A running process of {@code service} to run in. */
  String target(String app, String service) {
    if (provider.serviceList(app).stream().noneMatch(s -> s.name().equals(service))) {
      throw ProviderException.notFound("no such service: " + service + " (app " + app + ")");
    }
    return provider.processList(app).stream().filter(p -> service.equals(p.service()) && p.status() != null && p.status().startsWith("running"))
        .map(ProcessInfo::id).findFirst()
        .orElseThrow(() -> ProviderException.conflict("run: service %s has no running process to run in (expected: a deployed, running service)".formatted(service)));
  }

  ProcessInfo get(String app, String id) {
    return running.get(key(app, id));
  }

  List<ProcessInfo> list(String app) {
    return running.values().stream().filter(p -> p.app().equals(app)).toList();
  }

  boolean stop(String app, String id) {
    return running.remove(key(app, id)) != null;
  }

  private static String key(String app, String id) {
    return app + "/" + id;
  }
}
