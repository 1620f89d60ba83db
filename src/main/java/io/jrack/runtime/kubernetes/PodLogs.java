package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.jrack.runtime.LineSplitter;
import io.jrack.runtime.LogSink;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams the output of an app's pods into the rack's logs ({@code convox logs}), one follower
 * per running pod, found by looking at the namespace every few seconds. Lines are tagged
 * {@code <service>/<pod>}, as the process runtime tags {@code <service>/<process>}.
 */
final class PodLogs implements AutoCloseable {
  private final KubernetesClient client;
  private final LogSink sink;
  private final Map<String, Thread> scanners = new ConcurrentHashMap<>();
  private final Set<String> following = ConcurrentHashMap.newKeySet();
  private final Map<String, LogWatch> watches = new ConcurrentHashMap<>();
  /** The time of the last line passed on, per pod. */
  private final Map<String, Instant> last = new ConcurrentHashMap<>();

  PodLogs(KubernetesClient client, LogSink sink) {
    this.client = client;
    this.sink = sink;
  }

  void follow(String app, String ns) {
    scanners.computeIfAbsent(app, a -> Thread.ofVirtual().name("pod-logs-" + app).start(() -> scan(app, ns)));
  }

  private void scan(String app, String ns) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        java.util.Set<String> present = new java.util.HashSet<>();
        for (Pod p : client.pods().inNamespace(ns).withLabel(Names.APP, app).list().getItems()) {
          String key = ns + "/" + p.getMetadata().getName();
          present.add(key);
          boolean running = p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
          if (running && following.add(key)) {
            Thread.ofVirtual().start(() -> stream(app, ns, p, key));
          }
        }
        last.keySet().removeIf(k -> k.startsWith(ns + "/") && !present.contains(k));
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The API server may be briefly unreachable; the next scan retries.
        try {
          Thread.sleep(3000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void stream(String app, String ns, Pod p, String key) {
    String service = p.getMetadata().getLabels().getOrDefault(Names.SERVICE, "pod");
    String source = service + "/" + p.getMetadata().getName();
    Instant since = last.get(key);
    var pod = client.pods().inNamespace(ns).withName(p.getMetadata().getName());
    // Timestamps let a follower that starts again (the stream broke, the container restarted) go on
    // from the last line it passed instead of repeating the pod's whole log.
    try (LogWatch watch = since == null ? pod.usingTimestamps().watchLog() : pod.usingTimestamps().sinceTime(since.toString()).watchLog()) {
      watches.put(key, watch);
      // Bounded lines (the timestamp's bytes on top of the rack's line limit): a pod printing
      // without newlines costs one buffer, as a local process does.
      LineSplitter lines = new LineSplitter(LineSplitter.MAX_LINE_BYTES + 64, line -> pass(app, source, key, since, line));
      InputStream in = watch.getOutput();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        lines.feed(buffer, 0, n);
      }
      lines.end();
    } catch (Exception e) {
      // The pod went away or the stream broke; the next scan follows it again if it still runs.
    } finally {
      watches.remove(key);
      following.remove(key);
    }
  }

  private void pass(String app, String source, String key, Instant since, String line) {
    int space = line.indexOf(' ');
    Instant at = space > 0 ? parse(line.substring(0, space)) : null;
    if (at != null && since != null && !at.isAfter(since)) {
      return;
    }
    if (at != null) {
      last.put(key, at);
    }
    sink.line(app, source, at != null ? line.substring(space + 1) : line);
  }

  private static Instant parse(String timestamp) {
    try {
      return Instant.parse(timestamp);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  void stop(String app, String ns) {
    Thread t = scanners.remove(app);
    if (t != null) {
      t.interrupt();
    }
    watches.forEach((key, w) -> {
      if (key.startsWith(ns + "/")) {
        w.close();
      }
    });
  }

  @Override
  public void close() {
    scanners.values().forEach(Thread::interrupt);
    scanners.clear();
    watches.values().forEach(LogWatch::close);
  }
}
