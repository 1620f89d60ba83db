package io.jrack.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.jrack.runtime.LogSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
        for (Pod p : client.pods().inNamespace(ns).withLabel(Names.APP, app).list().getItems()) {
          String key = ns + "/" + p.getMetadata().getName();
          boolean running = p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
          if (running && following.add(key)) {
            Thread.ofVirtual().start(() -> stream(app, ns, p, key));
          }
        }
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
    try (LogWatch watch = client.pods().inNamespace(ns).withName(p.getMetadata().getName()).watchLog()) {
      watches.put(key, watch);
      BufferedReader in = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        sink.line(app, source, line);
      }
    } catch (Exception e) {
      // The pod went away or the stream broke; a new pod gets its own follower.
    } finally {
      watches.remove(key);
      following.remove(key);
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
