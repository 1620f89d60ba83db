package io.jrack.rack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.rack.LogOptions;
import io.jrack.testing.TestRack;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /apps/{app}/logs} on a real rack: followers that leave, {@code since} bounds, deleted apps. */
class LogStreamTest {
  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(("convox:" + TestRack.PASSWORD).getBytes(StandardCharsets.UTF_8));

  @TempDir
  static Path tmp;
  static TestRack rack;

  @BeforeAll
  static void start() throws Exception {
    rack = TestRack.start(tmp.resolve("rack"));
  }

  @AfterAll
  static void stop() {
    rack.close();
  }

  private static LogHub hub() {
    return rack.server.provider().logs;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + path)).header("Authorization", AUTH).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void aFollowerThatDisconnectsIsUnregisteredWithoutAnotherLine() throws Exception {
    rack.client.appCreate("quiet");
    int port = URI.create(rack.server.apiUrl()).getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.getOutputStream().write(("GET /apps/quiet/logs?follow=true HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      while (!seen.toString().contains("app created")) {
        int b = in.read();
        assertThat(b).as(seen::toString).isNotNegative();
        seen.append((char) b);
      }
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hub().followers("quiet") == 1);
    }
    long closed = System.nanoTime();
    // Nothing is logged for the app from here on: only the stream's own heartbeat can find the follower gone.
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> hub().followers("quiet") == 0);
    System.out.printf("follower unregistered %d ms after it disconnected%n", (System.nanoTime() - closed) / 1_000_000);
  }

  @Test
  void aSlowFollowerIsToldHowManyLinesItMissed() throws Exception {
    rack.client.appCreate("slow");
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    List<String> got = new CopyOnWriteArrayList<>();
    Thread follower = Thread.ofVirtual().start(() -> rack.server.provider().logs("slow", new LogOptions(null, true), line -> {
      got.add(line);
      stalled.countDown();
      try {
        resume.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
    int sent = 60_000;
    for (int i = 0; i < sent; i++) {
      hub().line("slow", "web/1", "line " + i);
    }
    int before = got.size();
    resume.countDown();
    // Once the follower has taken one more line its queue has room: "last" is not dropped as well.
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> got.size() > before);
    hub().line("slow", "web/1", "last");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty() && got.getLast().endsWith(" web/1 last"));
    follower.interrupt();
    follower.join(5000);

    long received = got.stream().filter(l -> l.matches(".* web/1 line \\d+")).count();
    List<String> markers = got.stream().filter(l -> l.contains(" lines dropped")).toList();
    // One marker per run of drops (how the runs fall depends on when the follower's thread got to run):
    // together with what arrived, they account for every line.
    assertThat(markers).as("lines received: %d of %d", received, sent).isNotEmpty();
    long dropped = 0;
    for (String marker : markers) {
      Matcher m = Pattern.compile("system/rack \\.\\.\\. (\\d+) lines dropped \\(this follower read too slowly\\)$").matcher(marker);
      assertThat(m.find()).as(marker).isTrue();
      dropped += Long.parseLong(m.group(1));
    }
    assertThat(received + dropped).isEqualTo(sent);
  }

  @Test
  void aSinceReachingBefore1970MeansEverythingAndANegativeOneIsRefused() throws Exception {
    rack.client.appCreate("since");
    HttpResponse<String> huge = get("/apps/since/logs?since=PT9999999999999H");
    assertThat(huge.statusCode()).as(huge.body()).isEqualTo(200);
    assertThat(huge.body()).contains("system/rack app created");

    HttpResponse<String> negative = get("/apps/since/logs?since=-PT1H");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(negative.body()).contains("since: \\\"-PT1H\\\" (expected: a duration that is not negative, like PT10M)");

    HttpResponse<String> malformed = get("/apps/since/logs?since=PT99999999999999999999H");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("(expected: an ISO-8601 duration like PT10M)");
  }

  @Test
  void anAppCreatedAgainDoesNotSeeTheDeletedAppsLogs() throws Exception {
    rack.client.appCreate("again");
    rack.client.envSet("again", java.util.Map.of("SECRET_NAME", "x"), false);
    rack.client.appDelete("again", false);
    // What a runtime does when a process of the deleted app still prints while it stops.
    hub().line("again", "web/1", "late line of the deleted app");
    rack.client.appCreate("again");
    List<String> lines = new ArrayList<>();
    rack.client.logs("again", new LogOptions(null, false), lines::add);
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst()).endsWith(" system/rack app created");
  }
}
