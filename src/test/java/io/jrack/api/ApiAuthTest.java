package io.jrack.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrack.testing.TestRack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every route of the API needs the rack password. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuthTest {
  TestRack rack;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    rack = TestRack.start(dir.resolve("rack"));
  }

  @AfterAll
  void stop() {
    rack.close();
  }

  HttpResponse<String> call(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + path.replace("{app}", "nodedemo").replace("{id}", "RX")
            .replace("{name}", "database").replace("{pid}", "p1").replace("{service}", "web").replace("{port}", "443").replace("<key>", "tmp/k.tgz")))
        .method(method, HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The handshake's status: 101 when the socket opened, else the refusal's. */
  int socketStatus(String path, String authorization) throws Exception {
    java.net.http.WebSocket.Builder b = http.newWebSocketBuilder();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      b.buildAsync(URI.create(rack.server.apiUrl().replace("http://", "ws://") + path), new java.net.http.WebSocket.Listener() {}).join().abort();
      return 101;
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyRouteRefusesMissingOrWrongPasswords() throws Exception {
    List<String> routes = rack.server.api().routes();
    assertThat(routes).hasSizeGreaterThan(20);
    for (String route : routes) {
      String[] mp = route.split(" ", 2);
      if (mp[0].equals("SOCKET")) {
        String path = mp[1].replace("{app}", "nodedemo").replace("{name}", "nodedemo").replace("{id}", "B1").replace("{pid}", "p1").replace("{service}", "web")
            .replace("{host}", "web.nodedemo").replace("{port}", "3000");
        assertThat(socketStatus(path, null)).as(route).isEqualTo(401);
        assertThat(socketStatus(path, basic("convox", "wrong"))).as(route).isEqualTo(401);
        assertThat(socketStatus(path, basic("anyone", TestRack.PASSWORD))).as(route + " with the password").isEqualTo(101);
        continue;
      }
      for (String auth : Stream.of(null, basic("convox", "wrong"), basic("convox", ""), "Basic !!notbase64", "Bearer " + TestRack.PASSWORD, basic("convox", TestRack.PASSWORD + "x")).toList()) {
        HttpResponse<String> r = call(mp[0], mp[1], auth);
        assertThat(r.statusCode()).as(route + " with " + auth).isEqualTo(401);
        assertThat(r.body()).isEqualTo(mp[0].equals("HEAD") ? "" : "{\"error\":\"invalid authentication\"}");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"convox\"");
      }
      HttpResponse<String> ok = call(mp[0], mp[1], basic("anyone", TestRack.PASSWORD));
      assertThat(ok.statusCode()).as(route + " with the password").isNotEqualTo(401);
    }
    assertThat(call("GET", "/no/such/route", null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/no/such/route", basic("x", TestRack.PASSWORD)).statusCode()).isEqualTo(404);
  }

  @Test
  void errorsAreJsonWithTheRightStatus() throws Exception {
    String auth = basic("convox", TestRack.PASSWORD);
    HttpResponse<String> missing = call("GET", "/apps/nope", auth);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"no such app: nope\"}");
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/apps")).header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"error\":\"missing name (expected: a form field name=...)\"}");
    HttpResponse<String> params = http.send(HttpRequest.newBuilder(URI.create(rack.server.apiUrl() + "/system")).header("Authorization", auth)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString("parameters=Internal%3Dmaybe")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(params.statusCode()).isEqualTo(400);
    assertThat(params.body()).contains("Internal: \\\"maybe\\\" (expected: Yes or No)");
  }

  @Test
  void thePasswordIsInNoFileOfTheRackButItsOwn() throws Exception {
    call("GET", "/apps", basic("convox", TestRack.PASSWORD));
    call("GET", "/apps", basic("convox", "a-wrong-guess"));
    try (Stream<Path> files = Files.walk(rack.server.dir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.equals("password")) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(f);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(TestRack.PASSWORD).doesNotContain("a-wrong-guess");
      }
    }
  }

  @Test
  void apiRefusesToBindBeyondLoopbackWithoutTls() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiServer.start(rack.server.provider(), "p", "0.0.0.0", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
  }
}
