package io.jrack.api;

import io.javalin.websocket.WsContext;
import io.jrack.rack.LogOptions;
import io.jrack.rack.Provider;
import io.jrack.manifest.GoDuration;
import io.jrack.rack.wire.LogLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The log sockets: {@code SOCKET /apps/{name}/logs} and {@code SOCKET /apps/{app}/builds/{id}/logs},
 * with the headers of structs.LogsOptions: {@code Follow} (default true), {@code Since} (a Go duration,
 * default 2m), {@code Prefix} (true: each line starts with its time and source, in Convox's shape:
 * {@link LogLine}), {@code Filter} (only lines containing it).
 */
final class LogSockets {
  private static final Duration DEFAULT_SINCE = Duration.ofMinutes(2);

  private final Provider provider;

  LogSockets(Provider provider) {
    this.provider = provider;
  }

  void appLogs(WsContext ctx, Consumer<String> out) {
    stream(ctx, ctx.pathParam("name"), source -> true, out);
  }

  /** {@code SOCKET /apps/{app}/services/{service}/logs}: the lines of the service's processes. */
  void serviceLogs(WsContext ctx, Consumer<String> out) {
    String service = ctx.pathParam("service");
    String app = ctx.pathParam("app");
    if (provider.serviceList(app).stream().noneMatch(s -> s.name().equals(service))) {
      throw io.jrack.rack.ProviderException.notFound("no such service: " + service + " (app " + app + ")");
    }
    stream(ctx, app, source -> source.startsWith(service + "/") || source.startsWith("service/" + service + "/"), out);
  }

  /** {@code SOCKET /apps/{app}/processes/{pid}/logs}: the lines of one process. */
  void processLogs(WsContext ctx, Consumer<String> out) {
    String pid = ctx.pathParam("pid");
    String app = ctx.pathParam("app");
    provider.processGet(app, pid);
    stream(ctx, app, source -> source.endsWith("/" + pid), out);
  }

  private void stream(WsContext ctx, String app, java.util.function.Predicate<String> source, Consumer<String> out) {
    provider.appGet(app);
    LogOptions options = new LogOptions(since(ctx.header("Since")), !"false".equals(ctx.header("Follow")));
    boolean prefix = "true".equals(ctx.header("Prefix"));
    String filter = ctx.header("Filter");
    provider.logs(app, options, line -> {
      if ((filter == null || filter.isEmpty() || line.contains(filter)) && source.test(source(line))) {
        out.accept((prefix ? LogLine.convox(line) : withoutPrefix(line)) + "\n");
      }
    });
  }

  /**
   * {@code SOCKET /system/logs} ({@code convox rack logs}): the rack's own lines ({@code system/...}) of
   * every app, each source naming its app ({@code system/rack/APP}); the kept ones in time order, then,
   * when following, new ones as they come (of the apps there were when the socket opened).
   */
  void systemLogs(WsContext ctx, Consumer<String> out) {
    LogOptions options = new LogOptions(since(ctx.header("Since")), !"false".equals(ctx.header("Follow")));
    boolean prefix = "true".equals(ctx.header("Prefix"));
    String filter = ctx.header("Filter");
    List<String> apps = provider.appList().stream().map(io.jrack.rack.App::name).toList();
    List<String> kept = new ArrayList<>();
    for (String app : apps) {
      provider.logs(app, new LogOptions(options.since(), false), line -> {
        if (source(line).startsWith("system/")) {
          kept.add(ofApp(app, line));
        }
      });
    }
    kept.sort(java.util.Comparator.comparing(line -> line.substring(0, Math.max(0, line.indexOf(' ')))));
    Consumer<String> send = line -> {
      if (filter == null || filter.isEmpty() || line.contains(filter)) {
        out.accept((prefix ? LogLine.convox(line) : withoutPrefix(line)) + "\n");
      }
    };
    kept.forEach(send);
    if (!options.follow()) {
      return;
    }
    // From now on: each app's new lines, on a thread of its own, until the client leaves.
    Object turn = new Object();
    List<Thread> followers = apps.stream().map(app -> Thread.ofVirtual().name("system-logs-" + app).start(() ->
        provider.logs(app, new LogOptions(Duration.ZERO, true), line -> {
          if (source(line).startsWith("system/")) {
            synchronized (turn) {
              send.accept(ofApp(app, line));
            }
          }
        }))).toList();
    try {
      for (Thread t : followers) {
        t.join();
      }
    } catch (InterruptedException e) {
      followers.forEach(Thread::interrupt);
      Thread.currentThread().interrupt();
    }
  }

  /** The line with its app in its source: {@code system/rack} of app {@code shop} is {@code system/rack/shop}. */
  private static String ofApp(String app, String line) {
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    return second < 0 ? line : line.substring(0, second) + "/" + app + line.substring(second);
  }

  /** A build's log is whole once the build is done (builds run within their create request). */
  void buildLogs(WsContext ctx, Consumer<String> out) {
    String logs = provider.buildGet(ctx.pathParam("app"), ctx.pathParam("id")).logs();
    if (logs != null && !logs.isEmpty()) {
      out.accept(logs.endsWith("\n") ? logs : logs + "\n");
    }
  }

  static Duration since(String header) {
    if (header == null || header.isBlank()) {
      return DEFAULT_SINCE;
    }
    try {
      Duration d = GoDuration.parse(header.strip());
      if (d.isNegative()) {
        throw new ApiServer.BadInput("Since: \"" + header + "\" (expected: a duration like 2m or 1h30m, not negative)");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new ApiServer.BadInput("Since: \"" + header + "\" (expected: a duration like 2m or 1h30m)");
    }
  }

  /** The line's source, its second word. */
  static String source(String line) {
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    return second < 0 ? "" : line.substring(first + 1, second);
  }

  /** The line without its {@code <time> <source> } prefix. */
  static String withoutPrefix(String line) {
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    return second < 0 ? line : line.substring(second + 1);
  }
}
