package io.jrack.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load on loopback: {@code clients} keep-alive clients sending GETs with a Host header
 * until stopped, counting every request, every failure and why.
 */
public final class Load implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();

  public Load(int clients, int port, String host, String path, String mustContain) {
    for (int i = 0; i < clients; i++) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Host", host).timeout(Duration.ofSeconds(10)).GET().build();
      threads.add(Thread.ofPlatform().daemon().start(() -> {
        while (running.get()) {
          try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains(mustContain)) {
              ok.incrementAndGet();
            } else {
              fail("HTTP " + r.statusCode() + " " + r.body().lines().findFirst().orElse(""));
            }
          } catch (Exception e) {
            fail(e.getClass().getSimpleName());
          }
        }
      }));
    }
  }

  private void fail(String reason) {
    failed.incrementAndGet();
    reasons.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
  }

  public long ok() {
    return ok.get();
  }

  public long failed() {
    return failed.get();
  }

  public Map<String, AtomicLong> reasons() {
    return reasons;
  }

  @Override
  public void close() {
    running.set(false);
    try {
      for (Thread t : threads) {
        t.join(15_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
