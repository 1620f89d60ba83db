package io.jrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jrack.api.ServerJson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.jrack.rack.App;
import io.jrack.rack.Build;
import io.jrack.rack.ProcessInfo;
import io.jrack.rack.ProviderException;
import io.jrack.rack.Release;
import io.jrack.rack.ResourceInfo;
import io.jrack.rack.ServiceInfo;
import io.jrack.rack.SystemInfo;
import io.jrack.rack.wire.WireApp;
import io.jrack.rack.wire.WireBuild;
import io.jrack.rack.wire.WireProcess;
import io.jrack.rack.wire.WireRelease;
import io.jrack.rack.wire.WireResource;
import io.jrack.rack.wire.WireService;
import io.jrack.rack.wire.WireSystem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SDK reads with Gson ({@link ClientJson}) what the API server writes with Jackson ({@link ServerJson#mapper()}),
 * and the server reads what the SDK writes: every record {@link RackClient} reads goes through both
 * libraries and comes back equal, so a mismatch between them fails here rather than in a command.
 */
class ClientJsonTest {
  static final Instant T1 = Instant.parse("2026-11-24T08:03:06.385571604Z");
  static final Instant T2 = Instant.parse("2026-01-02T03:04:05Z");
  static final Instant T3 = Instant.parse("2026-01-02T03:04:05.120Z");
  static final String AWKWARD = "quote \" backslash \\ slash / tab \t newline \n bell \u0007 é ✓ \uD83D\uDE00 <html> & '";

  /** What an env value may be (one line, no control characters but tab: EnvRules), as awkward as that allows. */
  static final String AWKWARD_VALUE = AWKWARD.replace("\n", "").replace("\u0007", "");

  static final List<Object> SAMPLES = List.of(
      new App("demo", "running", "RABC", T1),
      new App("bare", null, null, null),
      new Build("B1", "demo", "complete", "R1", AWKWARD, "services:\n  web: {}\n", T1, T3, "line 1\nline 2\n"),
      new Build("B2", "demo", "running", null, null, null, T2, null, null),
      new ProcessInfo("p-1", "demo", "web", "running", "R1", T2, "java Api.java", "127.0.0.1", 41234),
      new ProcessInfo("p-2", "demo", "worker", "starting", null, null, null, null, 0),
      new Release("R1", "demo", "B1", new LinkedHashMap<>(Map.of("A", "1", "B", AWKWARD_VALUE)), "m", T1, "active", "env add:A"),
      new Release("R2", "demo", null, Map.of(), null, null, "created", null),
      new ResourceInfo("db", "postgres", "postgres://u:p@127.0.0.1:5432/app", "running", "15", 2, T1),
      new ResourceInfo("cache", "redis", null, "external", null, 0, null),
      new ServiceInfo("web", "demo-web.dev.localhost", List.of(new ServiceInfo.PortMapping(80, 3000), new ServiceInfo.PortMapping(443, 3000)), 2),
      new ServiceInfo("worker", null, List.of(), 0),
      new SystemInfo("dev", "local", "dev.localhost", "running", "0.1.0", new LinkedHashMap<>(Map.of("Internal", "Yes")),
          Map.of("RouterUnexpectedErrors", "0")));

  @Test
  void readsWhatTheServerWrites() throws Exception {
    for (Object sample : SAMPLES) {
      String json = ServerJson.mapper().writeValueAsString(sample);
      assertThat(ClientJson.gson().fromJson(json, sample.getClass())).as(json).isEqualTo(sample);
    }
  }

  @Test
  void readsTheListsAndMapsTheServerWrites() throws Exception {
    for (Class<?> type : List.of(App.class, Build.class, ProcessInfo.class, Release.class, ResourceInfo.class, ServiceInfo.class)) {
      List<?> list = SAMPLES.stream().filter(type::isInstance).toList();
      String json = ServerJson.mapper().writeValueAsString(list);
      assertThat((Object) ClientJson.gson().fromJson(json, TypeToken.getParameterized(List.class, type))).as(json).isEqualTo(list);
    }
    Map<String, String> env = new LinkedHashMap<>(Map.of("A", AWKWARD, "EMPTY", "", "Z", "last"));
    Map<String, String> read = ClientJson.gson().fromJson(ServerJson.mapper().writeValueAsString(env), new TypeToken<Map<String, String>>() {});
    assertThat(read).containsExactlyEntriesOf(env);
  }

  @Test
  void theServerReadsWhatTheSdkWrites() throws Exception {
    for (Object sample : SAMPLES) {
      String json = ClientJson.gson().toJson(sample);
      assertThat(ServerJson.mapper().readValue(json, sample.getClass())).as(json).isEqualTo(sample);
      assertThat(ServerJson.mapper().readTree(json)).as("the same fields, nulls left out")
          .isEqualTo(ServerJson.mapper().readTree(ServerJson.mapper().writeValueAsString(sample)));
    }
    // The request bodies RackClient sends.
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("env", Map.of("A", AWKWARD, "EMPTY", ""));
    request.put("replace", true);
    request.put("keys", List.of("A", "B"));
    request.put("build", "B1");
    assertThat(ServerJson.mapper().readValue(ClientJson.gson().toJson(request), new TypeReference<Map<String, Object>>() {})).isEqualTo(request);
  }

  /**
   * What travels is Convox's JSON ({@code io.jrack.rack.wire}): each record, as the server writes its
   * wire form with Jackson, is read by Gson into the same wire record and turned back into the record,
   * losing only what Convox's form cannot carry (a line break in an env value; "starting" is "pending").
   */
  @Test
  void theWireFormsGoThroughBothLibrariesAndBack() throws Exception {
    for (Object sample : SAMPLES) {
      Object wire = switch (sample) {
        case App a -> WireApp.of(a);
        case Build b -> WireBuild.of(b);
        case ProcessInfo p -> WireProcess.of(p);
        case Release r -> WireRelease.of(r);
        case ResourceInfo r -> WireResource.of(r);
        case ServiceInfo x -> WireService.of(x);
        case SystemInfo x -> WireSystem.of(x);
        default -> throw new AssertionError(sample);
      };
      String json = ServerJson.mapper().writeValueAsString(wire);
      Object read = ClientJson.gson().fromJson(json, wire.getClass());
      assertThat(read).as(json).isEqualTo(wire);
      Object back = switch (read) {
        case WireApp a -> a.toApp();
        case WireBuild b -> b.toBuild();
        case WireProcess p -> p.toProcess();
        case WireRelease r -> r.toRelease();
        case WireResource r -> r.toResource();
        case WireService x -> x.toService();
        case WireSystem x -> x.toSystem();
        default -> throw new AssertionError(read);
      };
      if (sample instanceof ProcessInfo p && "starting".equals(p.status())) {
        assertThat(((ProcessInfo) back).status()).isEqualTo("pending");
      } else if (sample instanceof ServiceInfo x && x.ports() == null) {
        assertThat(back).isEqualTo(new ServiceInfo(x.name(), x.domain(), List.of(), x.count()));
      } else {
        assertThat(back).as(json).isEqualTo(sample);
      }
    }
    String release = ServerJson.mapper().writeValueAsString(WireRelease.of((Release) SAMPLES.get(7)));
    assertThat(ServerJson.mapper().readTree(release).get("env").isTextual()).as(release).isTrue();
    String process = ServerJson.mapper().writeValueAsString(WireProcess.of((ProcessInfo) SAMPLES.get(4)));
    assertThat(ServerJson.mapper().readTree(process).get("ports").get(0).isTextual()).as(process).isTrue();
    assertThat(ServerJson.mapper().readTree(process).get("name").asText()).isEqualTo("web");
  }

  @Test
  void prettyIsJsonTheServerReadsBack() throws Exception {
    List<ServiceInfo> services = List.of((ServiceInfo) SAMPLES.get(10), (ServiceInfo) SAMPLES.get(11));
    String pretty = ClientJson.pretty(services);
    assertThat(ServerJson.mapper().readValue(pretty, new TypeReference<List<ServiceInfo>>() {})).isEqualTo(services);
    assertThat(pretty).startsWith("[\n  {\n    \"name\": \"web\",").contains("\n    \"ports\": [\n      {\n        \"balancer\": 80,");
    assertThat(pretty).contains("\"ports\": []");
    assertThat(ClientJson.pretty(List.of())).isEqualTo("[]");
    assertThat(ClientJson.pretty(Map.of("a", "<b> & 'c' = d"))).as("no HTML escapes, as Jackson writes none").contains("<b> & 'c' = d");
  }

  @Test
  void unknownFieldsAreIgnoredAndMissingOnesEmpty() {
    App a = ClientJson.gson().fromJson("{\"name\":\"x\",\"later\":{\"a\":[1,2.5e3,-3,true,null]},\"status\":\"running\"}", App.class);
    assertThat(a).isEqualTo(new App("x", "running", null, null));
    ServiceInfo s = ClientJson.gson().fromJson(" { \"name\" : \"w\" } ", ServiceInfo.class);
    assertThat(s).isEqualTo(new ServiceInfo("w", null, null, 0));
  }

  @Test
  void malformedOrMismatchedAnswersAreErrors() {
    for (String bad : List.of("{", "[1,", "{\"name\" 1}", "\"open", "[]", "{} 2")) {
      assertThatThrownBy(() -> ClientJson.gson().fromJson(bad, App.class)).as(bad).isInstanceOf(JsonParseException.class);
    }
    assertThatThrownBy(() -> ClientJson.gson().fromJson("{\"port\":\"x\"}", ProcessInfo.class)).isInstanceOf(JsonParseException.class);
    assertThatThrownBy(() -> ClientJson.gson().fromJson("{\"created\":\"yesterday\"}", App.class)).isInstanceOf(java.time.DateTimeException.class);
  }

  @Test
  void errorsReadTheServersErrorField() throws Exception {
    ProviderException e = RackClient.error(404, ServerJson.mapper().writeValueAsString(Map.of("error", "no such app: " + AWKWARD)));
    assertThat(e.getMessage()).isEqualTo("no such app: " + AWKWARD);
    assertThat(e.kind()).isEqualTo(ProviderException.Kind.of(404));
    assertThat(RackClient.error(502, "<html>\n<body>Bad Gateway</body>").getMessage()).isEqualTo("<html>");
    assertThat(RackClient.error(500, "").getMessage()).isEqualTo("HTTP 500");
    assertThat(RackClient.error(500, null).getMessage()).isEqualTo("HTTP 500");
  }
}
