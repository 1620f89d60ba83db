package io.jrack.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jrack.testing.SourceTar;
import io.jrack.testing.TestRack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Convox client's requests, written down in src/test/resources/convox-wire from its source, sent in
 * order to a real rack with a plain HTTP client; each answer decoded by the field names and JSON types
 * that client reads. This pins the API to Convox's wire format, route by route.
 */
class ConvoxWireTest {
  static final Path FIXTURES = Path.of("src/test/resources/convox-wire");
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theConvoxClientsRequestsGetTheAnswersItReads(@TempDir Path dir) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(FIXTURES)) {
      files = s.filter(p -> p.toString().endsWith(".http")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      Map<String, String> saved = new HashMap<>();
      saved.put("auth", Base64.getEncoder().encodeToString(("convox:" + TestRack.PASSWORD).getBytes(StandardCharsets.UTF_8)));
      for (Path file : files) {
        WireFixture f = WireFixture.read(file);
        if (f.method().equals("SOCKET")) {
          checkSocket(rack, f, saved);
        } else {
          checkHttp(rack, f, saved);
        }
      }
    }
  }

  /**
   * {@code convox deploy -m convox.other.yml}: the client sends {@code manifest=convox.other.yml} with
   * the source's URL (BuildCreateOptions.Manifest 'param:"manifest"'); the build uses that file, even
   * where the source's convox.yml would fail.
   */
  @Test
  void aBuildWithAnotherManifestUsesIt(@TempDir Path dir) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.copy(Path.of("examples/nodedemo/Api.java"), src.resolve("Api.java"));
    Files.writeString(src.resolve("convox.yml"), "services:\n  web:\n    links:\n      - nosuch\n");
    Files.writeString(src.resolve("convox.other.yml"), "services:\n  web:\n    build: .\n    port: 3000\n    command: java Api.java\n");
    try (TestRack rack = TestRack.start(dir.resolve("rack"))) {
      rack.client.appCreate("other");
      String auth = "Basic " + Base64.getEncoder().encodeToString(("convox:" + TestRack.PASSWORD).getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> stored = http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/apps/other/objects/sources/src.tgz"))
          .header("Authorization", auth).header("Content-Type", "application/octet-stream")
          .POST(HttpRequest.BodyPublishers.ofByteArray(SourceTar.of(src).readAllBytes())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
      HttpResponse<String> built = http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/apps/other/builds"))
          .header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("manifest=convox.other.yml&url=object%3A%2F%2Fother%2Fsources%2Fsrc.tgz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(built.statusCode()).as(built.body()).isEqualTo(200);
      JsonNode b = ServerJson.mapper().readTree(built.body());
      assertThat(b.get("status").asText()).as(built.body()).isEqualTo("complete");
      assertThat(b.get("manifest").asText()).contains("command: java Api.java");
      HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/apps/other/builds"))
          .header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("manifest=nosuch.yml&url=object%3A%2F%2Fother%2Fsources%2Fsrc.tgz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(missing.body()).isEqualTo("{\"error\":\"manifest: \\\"nosuch.yml\\\" (expected: a file in the source, like convox.yml)\"}");
      // A tmp/ object, the client's one-off upload of a source, is deleted once built; others stay.
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/apps/other/objects/sources/src.tgz"))
          .header("Authorization", auth).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/apps/other/objects/tmp/once.tgz")).header("Authorization", auth)
          .POST(HttpRequest.BodyPublishers.ofByteArray(SourceTar.of(src).readAllBytes())).build(), HttpResponse.BodyHandlers.ofString());
      http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/apps/other/builds")).header("Authorization", auth)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("manifest=convox.other.yml&url=object%3A%2F%2Fother%2Ftmp%2Fonce.tgz")).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> gone = http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/apps/other/objects/tmp/once.tgz"))
          .header("Authorization", auth).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(gone.statusCode()).isEqualTo(404);
    }
  }

  void checkHttp(TestRack rack, WireFixture f, Map<String, String> saved) throws Exception {
    HttpRequest.BodyPublisher body = f.body().equals("@source")
        ? HttpRequest.BodyPublishers.ofByteArray(SourceTar.of(Path.of("examples/nodedemo")).readAllBytes())
        : HttpRequest.BodyPublishers.ofString(WireFixture.fill(f.body(), saved));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + WireFixture.fill(f.path(), saved)))
        .timeout(Duration.ofMinutes(3)).method(f.method(), body);
    f.headers().forEach((k, v) -> b.header(k, WireFixture.fill(v, saved)));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    for (String e : f.expectations()) {
      String[] w = e.split(" ", 2);
      String what = f.name() + ": " + e + "\nanswer " + r.statusCode() + ": " + r.body();
      switch (w[0]) {
        case "status" -> assertThat(r.statusCode()).as(what).isEqualTo(Integer.parseInt(w[1]));
        case "body" -> assertThat(r.body()).as(what).isEqualTo(w[1].replace("\\n", "\n"));
        case "json", "length", "save" -> {
          if (json == null) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/json");
            json = ServerJson.mapper().readTree(r.body());
          }
          checkJson(json, w[0], w[1], saved, what);
        }
        default -> throw new AssertionError("unknown expectation in " + f.name() + ": " + e);
      }
    }
  }

  static void checkJson(JsonNode root, String kind, String rest, Map<String, String> saved, String what) {
    String[] a = rest.split(" ", 3);
    JsonNode node = at(root, kind.equals("save") ? a[1] : a[0]);
    switch (kind) {
      case "save" -> {
        assertThat(node.isTextual()).as(what).isTrue();
        saved.put(a[0], node.asText());
      }
      case "length" -> assertThat(node.size()).as(what).isEqualTo(Integer.parseInt(a[1]));
      default -> {
        String type = a[1];
        assertThat(node.isMissingNode()).as(what + " (missing)").isFalse();
        switch (type) {
          case "string" -> assertThat(node.isTextual()).as(what).isTrue();
          case "number" -> assertThat(node.isNumber()).as(what).isTrue();
          case "boolean" -> assertThat(node.isBoolean()).as(what).isTrue();
          case "array" -> assertThat(node.isArray()).as(what).isTrue();
          case "object" -> assertThat(node.isObject()).as(what).isTrue();
          case "strings" -> {
            assertThat(node.isArray()).as(what).isTrue();
            node.forEach(n -> assertThat(n.isTextual()).as(what).isTrue());
          }
          default -> throw new AssertionError("unknown type: " + what);
        }
        if (a.length == 3 || (type.equals("string") && rest.endsWith(" "))) {
          String expected = a.length == 3 ? WireFixture.fill(a[2], saved).replace("\\n", "\n") : "";
          if (expected.startsWith("~")) {
            assertThat(node.asText()).as(what).matches(expected.substring(1));
          } else {
            assertThat(node.asText()).as(what).isEqualTo(expected);
          }
        }
      }
    }
  }

  /** {@code name}, {@code [0].env}, {@code ports[0].balancer}, {@code parameters.Internal}; {@code $} is the root. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    if (path.equals("$")) {
      return n;
    }
    for (String part : path.replace("[", ".[").split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      n = part.startsWith("[") ? n.path(Integer.parseInt(part.substring(1, part.length() - 1))) : n.path(part);
    }
    return n;
  }

  void checkSocket(TestRack rack, WireFixture f, Map<String, String> saved) throws Exception {
    StringBuilder text = new StringBuilder();
    CompletableFuture<String> end = new CompletableFuture<>();
    WebSocket.Builder b = http.newWebSocketBuilder();
    f.headers().forEach((k, v) -> b.header(k, WireFixture.fill(v, saved)));
    b.header("Origin", rack.server.apiUrl());
    WebSocket ws = b.buildAsync(URI.create(rack.server.apiUrl().replace("http://", "ws://") + WireFixture.fill(f.path(), saved)), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        synchronized (text) {
          text.append(data);
        }
        w.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        end.complete(data.remaining() == 0 ? "binary" : "binary with data");
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
        end.complete("close " + status);
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
    if (!f.body().isEmpty()) {
      ws.sendText(WireFixture.fill(f.body(), saved).replace("\\n", "\n"), true).join();
    }
    if (f.path().endsWith("/exec")) {
      ws.sendBinary(ByteBuffer.allocate(0), true).join(); // stdsdk copyToWS: end of input
    }
    String how = end.get(60, TimeUnit.SECONDS);
    ws.abort();
    for (String e : f.expectations()) {
      String[] w = e.split(" ", 2);
      String what = f.name() + ": " + e + "\nreceived: " + text;
      switch (w[0]) {
        case "text" -> assertThat(text.toString()).as(what).contains(WireFixture.fill(w[1], saved)).doesNotContain("ERROR:");
        case "error" -> assertThat(text.toString()).as(what).startsWith("ERROR: ").contains(WireFixture.fill(w[1], saved));
        case "end" -> assertThat(how).as(what).isEqualTo(w[1]);
        case "only-source" -> {
          String source = WireFixture.fill(w[1], saved);
          assertThat(text.toString().lines().toList()).as(what).isNotEmpty().allMatch(l -> l.split(" ")[1].equals(source));
        }
        default -> throw new AssertionError("unknown expectation in " + f.name() + ": " + e);
      }
    }
  }
}
